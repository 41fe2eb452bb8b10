package dev.onellmapi.frontdoor.responses;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.ApiError;
import dev.onellmapi.wire.Json;
import dev.onellmapi.streaming.StreamFormat;

/** How the Responses door writes a stream: translated from chat chunks, or the provider's own events relayed. */
final class ResponsesStreamFormats {
    private ResponsesStreamFormats() {
    }

    /** Chat chunks as Responses events, through the request's {@link ResponsesStreamMapper}. */
    static final class Translated implements StreamFormat {
        private final StringBuilder out = new StringBuilder();
        private final ResponsesStreamMapper mapper;

        Translated(ResponsesRequest request, ChatTranslation translation, String id, long createdAt) {
            this.mapper = new ResponsesStreamMapper(request, translation, id, createdAt, out::append);
        }

        /** The whole response once the stream is over (its end events held until {@link #done()}). */
        ObjectNode close() {
            synchronized (out) {
                return mapper.close();
            }
        }

        @Override
        public String chunk(String json) {
            synchronized (out) {
                mapper.onChunk(json);
                return drain();
            }
        }

        @Override
        public String done() {
            synchronized (out) {
                mapper.finish();
                return drain();
            }
        }

        @Override
        public String error(ApiError error) {
            synchronized (out) {
                mapper.fail(error.status(), error.code(), error.getMessage());
                return drain();
            }
        }

        private String drain() {
            String text = out.toString();
            out.setLength(0);
            return text;
        }
    }

    /**
     * The provider's events as they came ({@link ResponsesRelayMapper} hands each one on as its SSE text); a failure
     * after they began ends with a {@code response.failed} of the provider's response, numbered after its events.
     */
    static final class Relayed implements StreamFormat {
        private ObjectNode response;
        private int events;

        @Override
        public String chunk(String frame) {
            if (response == null && frame.startsWith("event: response.created\n")) {
                ObjectNode created = Json.parseObjectOrNull(frame.substring(frame.indexOf("data: ") + 6).strip());
                response = created != null && created.get("response") instanceof ObjectNode r ? r : null;
            }
            events++;
            return frame;
        }

        @Override
        public String done() {
            return "";
        }

        @Override
        public String error(ApiError error) {
            ObjectNode failed = response != null ? response.deepCopy() : Json.object().put("object", "response");
            failed.put("status", "failed");
            failed.putObject("error").put("code", error.code() != null ? error.code() : error.status() == 429
                    ? "rate_limit_exceeded" : "server_error").put("message", error.getMessage());
            ObjectNode event = Json.object().put("type", "response.failed").put("sequence_number", events);
            event.set("response", failed);
            return "event: response.failed\ndata: " + Json.text(event) + "\n\n";
        }
    }
}

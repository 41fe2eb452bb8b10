package dev.onellmapi.frontdoor.messages;

import dev.onellmapi.wire.ApiError;
import dev.onellmapi.wire.Json;
import dev.onellmapi.streaming.StreamFormat;

import java.util.function.Consumer;

/**
 * The Messages door's stream formats. Translated: each chat chunk through {@link MessagesStreamMapper} into Anthropic's
 * events, the end as {@code message_delta} and {@code message_stop}. Passed through: Anthropic's own events as they
 * came (the chat-form usage chunk the relay adds for the gateway's meter is not written). A failure after the start is
 * Anthropic's {@code event: error}; before it, an Anthropic error body.
 */
abstract class MessagesStreamFormats implements StreamFormat {
    @Override
    public String error(ApiError error) {
        return MessagesErrors.event(error.status(), error.getMessage());
    }

    @Override
    public byte[] errorBody(ApiError error) {
        return Json.bytes(MessagesErrors.body(error.status(), error.getMessage(), null));
    }

    static final class Translated extends MessagesStreamFormats {
        private final MessagesStreamMapper mapper;

        Translated(MessagesStreamMapper mapper) {
            this.mapper = mapper;
        }

        @Override
        public String chunk(String json) {
            StringBuilder frames = new StringBuilder();
            mapper.chunk(json, collect(frames));
            return frames.toString();
        }

        @Override
        public String done() {
            StringBuilder frames = new StringBuilder();
            mapper.end(collect(frames));
            return frames.toString();
        }

        private static Consumer<String> collect(StringBuilder frames) {
            return frames::append;
        }
    }

    static final class PassedThrough extends MessagesStreamFormats {
        @Override
        public String chunk(String frame) {
            return frame.startsWith("{") ? "" : frame;
        }

        @Override
        public String done() {
            return "";
        }
    }
}

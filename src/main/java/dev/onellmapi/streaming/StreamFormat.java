package dev.onellmapi.streaming;

import dev.onellmapi.wire.ApiError;
import dev.onellmapi.wire.Json;

/**
 * How a client API writes a stream: each chunk a relay produces, the normal end, and the end after a failure, as SSE
 * text. Chat Completions writes chunks as {@code data:} lines and ends with {@code [DONE]}; other client APIs (the
 * Responses door) map the same chunks to their own events. Called under the {@link ClientStream}'s lock.
 */
public interface StreamFormat {
    StreamFormat CHAT = new StreamFormat() {
        @Override
        public String chunk(String json) {
            return "data: " + json + "\n\n";
        }

        @Override
        public String done() {
            return "data: [DONE]\n\n";
        }

        @Override
        public String error(ApiError error) {
            return "data: " + Json.text(error.document()) + "\n\n";
        }
    };

    /** The SSE text of one chunk; empty when it shows nothing yet. */
    String chunk(String json);

    String done();

    String error(ApiError error);

    /** A failure before the stream began: the whole answer's body (its status is the error's). */
    default byte[] errorBody(ApiError error) {
        return Json.bytes(error.document());
    }
}

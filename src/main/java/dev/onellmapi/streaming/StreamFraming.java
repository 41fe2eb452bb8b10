package dev.onellmapi.streaming;

import dev.onellmapi.wire.ApiError;
import dev.onellmapi.wire.Json;

/**
 * How a client API frames a stream: each chat chunk, the end, and a failure after the start. The Chat Completions
 * door's framing is the default ({@code data: <chunk>}, {@code data: [DONE]}, an OpenAI error as data); another door
 * sets its own on the {@link ClientStream} (the Messages door's turns chunks into Anthropic's events). One instance
 * per stream: a framing may keep state.
 */
public interface StreamFraming {
    /** The bytes for one chunk (may be empty). */
    String chunk(String json);

    /** The bytes that end a stream normally. */
    String done();

    /** The bytes that end a stream which failed after it began. */
    String error(ApiError error);

    /** A failure before the stream began: the whole answer's body (its status is the error's). */
    default byte[] errorBody(ApiError error) {
        return Json.bytes(error.document());
    }

    StreamFraming CHAT = new StreamFraming() {
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
}

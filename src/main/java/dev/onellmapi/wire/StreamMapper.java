package dev.onellmapi.wire;

/**
 * Turns one provider's server-sent events into OpenAI chunks. One instance per stream: it may keep state (the
 * chunk id, tool call counters, usage seen so far).
 */
public interface StreamMapper {
    /**
     * Maps one upstream event into zero or more chunks.
     *
     * @return false once the provider said its stream is over (OpenAI's {@code [DONE]}); the relay stops reading
     * @throws dev.onellmapi.wire.ApiError when the provider reports an error inside the stream
     */
    boolean onEvent(SseEvent event, ChunkSink sink);

    /** Called once after the last event, for chunks that only the end can produce (a usage chunk, say). */
    default void onEnd(ChunkSink sink) {
    }
}

package dev.onellmapi.wire;

/** Where a provider's stream mapper puts each OpenAI {@code chat.completion.chunk} (as JSON text) it produces. */
@FunctionalInterface
public interface ChunkSink {
    void chunk(String json);

    /**
     * The provider reported the prompt's tokens (cached ones included, and those cached) before its usage chunk, as
     * Anthropic's {@code message_start} does: what counts for a stream cut short before its usage chunk.
     */
    default void promptReported(long promptTokens, long cachedTokens) {
    }
}

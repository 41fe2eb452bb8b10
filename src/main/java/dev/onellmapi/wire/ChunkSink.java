package dev.onellmapi.wire;

/** Where a provider's stream mapper puts each OpenAI {@code chat.completion.chunk} (as JSON text) it produces. */
@FunctionalInterface
public interface ChunkSink {
    void chunk(String json);
}

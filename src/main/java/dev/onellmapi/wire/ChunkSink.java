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

    /**
     * The usage of the answer, in OpenAI's chat shape, from a mapper that relays a stream it does not translate into
     * chunks (a passed-through Responses stream): the usage is not in a chunk the gateway can read.
     */
    default void usage(com.fasterxml.jackson.databind.node.ObjectNode chatUsage) {
    }
}

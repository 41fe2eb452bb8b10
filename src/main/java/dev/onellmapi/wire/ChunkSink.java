package dev.onellmapi.wire;

/** Where a provider's stream mapper puts each OpenAI {@code chat.completion.chunk} (as JSON text) it produces. */
@FunctionalInterface
public interface ChunkSink {
    void chunk(String json);

    /**
     * The usage of the answer, in OpenAI's chat shape, from a mapper that relays a stream it does not translate into
     * chunks (a passed-through Responses stream): the usage is not in a chunk the gateway can read.
     */
    default void usage(com.fasterxml.jackson.databind.node.ObjectNode chatUsage) {
    }
}

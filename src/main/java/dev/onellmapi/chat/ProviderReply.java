package dev.onellmapi.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.ApiError;
import dev.onellmapi.wire.Json;
import dev.onellmapi.wire.StreamMapper;
import dev.onellmapi.wire.UpstreamStream;

import java.io.IOException;
import java.io.UncheckedIOException;

/** What a provider route hands back, already in OpenAI terms. */
public sealed interface ProviderReply {
    ProviderCall call();

    /**
     * A whole {@code chat.completion}. Kept as the provider's bytes when they are already OpenAI's (passed on
     * without a parse) and parsed only when something must be read or changed.
     */
    final class Complete implements ProviderReply {
        private final ProviderCall call;
        private byte[] bytes;
        private ObjectNode node;
        private JsonNode usage;

        public Complete(ProviderCall call, byte[] bytes) {
            this.call = call;
            this.bytes = bytes;
        }

        /** Bytes whose top-level {@code usage} was read when they were checked (a MissingNode when they have none). */
        public Complete(ProviderCall call, byte[] bytes, JsonNode usage) {
            this(call, bytes);
            this.usage = usage;
        }

        public Complete(ProviderCall call, ObjectNode node) {
            this.call = call;
            this.node = node;
        }

        @Override
        public ProviderCall call() {
            return call;
        }

        public byte[] bytes() {
            if (bytes == null) {
                bytes = Json.bytes(node);
            }
            return bytes;
        }

        /**
         * The answer's {@code usage} without reading the answer again: the parsed answer's, or the one read with the
         * bytes; null when neither is at hand (then the bytes are to be read).
         */
        public JsonNode knownUsage() {
            return node != null ? node.path("usage") : usage;
        }

        public ObjectNode node() {
            if (node == null) {
                try {
                    node = (ObjectNode) Json.parse(bytes);
                } catch (IOException | ClassCastException e) {
                    throw new UncheckedIOException(new IOException("provider answer is not a JSON object", e));
                }
            }
            return node;
        }
    }

    /** A stream whose events are still arriving; {@code mapper} turns them into OpenAI chunks. */
    record Streaming(ProviderCall call, UpstreamStream body, StreamMapper mapper) implements ProviderReply {
    }

    /** A stream already relayed to the client; {@code error} is set when it broke off after it began. */
    record Relayed(ProviderCall call, ApiError error) implements ProviderReply {
    }

    /** The provider failed before answering; {@code error} is what the client should see. */
    record Failed(ProviderCall call, ApiError error) implements ProviderReply {
    }
}

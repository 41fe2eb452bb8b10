package dev.onellmapi.frontdoor.messages;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Set;

/**
 * A Messages request in the chat form, and what of it was left out because it only steers how Anthropic works
 * ({@code cache_control}, {@code context_management}, a server tool): named, in the order met, for the answer's
 * {@code x-one-llm-api-ignored} header.
 */
public record ChatTranslation(ObjectNode chat, Set<String> ignored) {
    /** The header's value: comma-separated paths, or null when nothing was left out. */
    public String ignoredHeader() {
        return ignored.isEmpty() ? null : String.join(",", ignored);
    }
}

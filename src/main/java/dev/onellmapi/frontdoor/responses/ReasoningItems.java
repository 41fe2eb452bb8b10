package dev.onellmapi.frontdoor.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.onellmapi.wire.Json;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The {@code encrypted_content} of a reasoning item from a translated provider. Claude's thinking blocks must go back
 * with the tool calls they preceded (Anthropic checks their signatures), and a client that keeps no state (Codex,
 * {@code store: false}) sends back only the items it got: so the blocks travel inside the item, as
 * {@value #PREFIX}{@code <base64url of the blocks' JSON>}. They are Anthropic's signed text, not a secret of the
 * gateway's. Anything else in {@code encrypted_content} (OpenAI's own) means nothing to another provider.
 */
final class ReasoningItems {
    static final String PREFIX = "olla1.";

    private ReasoningItems() {
    }

    static String encode(ArrayNode thinkingBlocks) {
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(Json.bytes(thinkingBlocks));
    }

    /** The thinking blocks inside, or null when the content is not the gateway's. */
    static ArrayNode decode(String encrypted) {
        if (encrypted == null || !encrypted.startsWith(PREFIX)) {
            return null;
        }
        try {
            byte[] json = Base64.getUrlDecoder().decode(encrypted.substring(PREFIX.length()));
            JsonNode blocks = Json.parse(new String(json, StandardCharsets.UTF_8));
            return blocks instanceof ArrayNode array ? array : null;
        } catch (IllegalArgumentException | java.io.IOException e) {
            return null;
        }
    }
}

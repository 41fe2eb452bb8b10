package dev.onellmapi.frontdoor.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.Json;

/**
 * The chat form's usage and finish reason in Anthropic's terms. Anthropic counts cache reads apart from
 * {@code input_tokens}; the chat form's {@code prompt_tokens} includes them ({@code cached_tokens}), so they are taken
 * out. The providers behind this door report no cache writes (OpenAI and Gemini cache by themselves, at no extra
 * price), so {@code cache_creation_input_tokens} is 0.
 */
final class MessagesUsage {
    private MessagesUsage() {
    }

    static ObjectNode of(JsonNode chatUsage) {
        long prompt = chatUsage.path("prompt_tokens").asLong();
        long cached = Math.min(prompt, chatUsage.path("prompt_tokens_details").path("cached_tokens").asLong());
        ObjectNode usage = Json.object();
        usage.put("input_tokens", prompt - cached);
        usage.put("cache_creation_input_tokens", 0);
        usage.put("cache_read_input_tokens", cached);
        usage.put("output_tokens", chatUsage.path("completion_tokens").asLong());
        return usage;
    }

    /** The chat form's finish reason as a stop reason; a stop the provider does not name is the end of the turn. */
    static String stopReason(String finishReason) {
        if (finishReason == null) {
            return "end_turn";
        }
        return switch (finishReason) {
            case "length" -> "max_tokens";
            case "tool_calls", "function_call" -> "tool_use";
            case "content_filter" -> "refusal";
            default -> "end_turn"; // "stop": OpenAI does not tell a stop sequence from the end of the turn
        };
    }
}

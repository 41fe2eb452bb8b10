package dev.onellmapi.frontdoor.messages;

import com.fasterxml.jackson.databind.JsonNode;

import static dev.onellmapi.frontdoor.messages.MessagesFields.object;
import static dev.onellmapi.frontdoor.messages.MessagesFields.present;
import static dev.onellmapi.frontdoor.messages.MessagesFields.text;

/**
 * Anthropic's {@code thinking} and {@code output_config.effort} as the chat form's {@code reasoning_effort}. An
 * explicit effort wins; else an enabled thinking budget picks the level (the gateway's Claude mapping gives low 2048,
 * medium 8192, high 24576 tokens: the same bounds read backwards); adaptive thinking without an effort leaves the
 * choice to the provider, as adaptive means; disabled thinking asks for nothing.
 */
final class MessagesReasoning {
    private MessagesReasoning() {
    }

    /** The chat form's reasoning effort, or null for the provider's default. */
    static String effort(JsonNode thinking, JsonNode outputConfig) {
        JsonNode effort = outputConfig == null ? null : present(outputConfig, "effort");
        if (effort != null) {
            return switch (effort.asText()) {
                case "low", "medium", "high" -> effort.asText();
                case "max", "xhigh" -> "high";
                default -> throw new InvalidMessagesRequest("output_config.effort",
                        "Input should be 'low', 'medium', 'high' or 'max'");
            };
        }
        if (thinking == null) {
            return null;
        }
        object(thinking, "thinking");
        return switch (text(thinking, "type", "thinking.type")) {
            case "enabled" -> budgetEffort(thinking);
            case "adaptive", "disabled" -> null;
            default -> throw new InvalidMessagesRequest("thinking.type",
                    "Input should be 'enabled', 'adaptive' or 'disabled'");
        };
    }

    /** Whether the request asks the model to think at all (for the ignored header when it cannot). */
    static boolean asksToThink(JsonNode thinking) {
        return thinking != null && !thinking.path("type").asText().equals("disabled");
    }

    private static String budgetEffort(JsonNode thinking) {
        JsonNode budget = present(thinking, "budget_tokens");
        if (budget == null || !budget.canConvertToInt() || budget.asInt() < 1024) {
            throw new InvalidMessagesRequest("thinking.budget_tokens", "Input should be an integer of at least 1024");
        }
        int tokens = budget.asInt();
        return tokens < 4096 ? "low" : tokens < 16384 ? "medium" : "high";
    }
}

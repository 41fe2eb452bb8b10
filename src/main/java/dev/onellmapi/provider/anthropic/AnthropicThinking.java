package dev.onellmapi.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.ApiError;

import java.util.Map;

/**
 * OpenAI's {@code reasoning_effort} as Anthropic's extended thinking, and the rules Anthropic sets while a model
 * thinks. Each level gets a thinking budget; {@code max_tokens} counts the thinking too, so it is raised to leave the
 * answer the room the client asked for. While thinking, Anthropic allows no temperature other than its own 1 and a
 * top_p of 0.95 or more only, so those are left out; it allows tool_choice auto or none only, so a forced one is a
 * 400. Anthropic's own {@code thinking} object, when a client sends it, wins over {@code reasoning_effort}.
 */
final class AnthropicThinking {
    /** Budget tokens per level: 1024 is Anthropic's minimum. */
    static final Map<String, Integer> BUDGETS = Map.of("minimal", 1024, "low", 2048, "medium", 8192, "high", 24576);

    private AnthropicThinking() {
    }

    /** After sampling and tools are set in {@code out}. */
    static void apply(ObjectNode in, ObjectNode out) {
        if (in.path("thinking").isObject()) {
            out.set("thinking", in.get("thinking")); // Anthropic's own extended-thinking switch, passed as given
        } else {
            Integer budget = BUDGETS.get(in.path("reasoning_effort").asText("none"));
            if (budget == null) {
                return;
            }
            out.putObject("thinking").put("type", "enabled").put("budget_tokens", budget);
        }
        if (!"enabled".equals(out.path("thinking").path("type").asText())) {
            return;
        }
        int budget = out.path("thinking").path("budget_tokens").asInt();
        int max = out.path("max_tokens").asInt();
        if (max <= budget) {
            out.put("max_tokens", budget + max);
        }
        out.remove("temperature");
        if (out.has("top_p") && out.get("top_p").decimalValue().doubleValue() < 0.95) {
            out.remove("top_p");
        }
        String choice = out.path("tool_choice").path("type").asText("auto");
        if (!choice.equals("auto") && !choice.equals("none")) {
            throw ApiError.invalidRequest("Claude cannot be made to call a tool while it thinks (extended "
                    + "thinking allows tool_choice auto or none only); drop reasoning_effort or tool_choice",
                    "tool_choice");
        }
        if (!lastToolTurnKeepsItsThinking(out.path("messages"))) {
            // the client sent back a tool call turn without its thinking (and it is not remembered): Anthropic
            // would refuse the request, so this turn goes without thinking rather than fail
            out.remove("thinking");
        }
    }

    /** Anthropic wants the last assistant turn, when it called tools, to open with its thinking block. */
    private static boolean lastToolTurnKeepsItsThinking(JsonNode messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode turn = messages.get(i);
            if (!"assistant".equals(turn.path("role").asText())) {
                continue;
            }
            ArrayNode blocks = (ArrayNode) turn.path("content");
            boolean usesTools = false;
            for (JsonNode block : blocks) {
                usesTools |= "tool_use".equals(block.path("type").asText());
            }
            String first = blocks.path(0).path("type").asText();
            return !usesTools || first.equals("thinking") || first.equals("redacted_thinking");
        }
        return true;
    }
}

package dev.onellmapi.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.ApiError;
import dev.onellmapi.wire.Json;

import java.io.IOException;

/**
 * Function calling both ways: OpenAI {@code tools}/{@code tool_choice}/{@code parallel_tool_calls} and assistant
 * {@code tool_calls} → Anthropic {@code tools}/{@code tool_choice} and {@code tool_use} blocks; Anthropic
 * {@code tool_use} blocks → OpenAI {@code tool_calls} (arguments as a JSON string).
 */
final class AnthropicToolMapping {
    private AnthropicToolMapping() {
    }

    static void addTools(ObjectNode in, ObjectNode out) {
        JsonNode tools = in.get("tools");
        if (tools == null || !tools.isArray() || tools.isEmpty()) {
            return; // Anthropic refuses a tool_choice without tools, so neither is sent
        }
        ArrayNode mapped = out.putArray("tools");
        for (JsonNode tool : tools) {
            JsonNode function = tool.path("function");
            ObjectNode t = mapped.addObject().put("name", function.path("name").asText());
            if (function.hasNonNull("description")) {
                t.put("description", function.get("description").asText());
            }
            // Anthropic requires a schema; a function without parameters takes none
            t.set("input_schema", function.path("parameters").isObject() ? function.get("parameters")
                    : Json.object().put("type", "object").set("properties", Json.object()));
            if (tool.has("cache_control")) {
                t.set("cache_control", tool.get("cache_control"));
            }
        }
        ObjectNode choice = toolChoice(in.get("tool_choice"));
        if (in.path("parallel_tool_calls").isBoolean() && !in.get("parallel_tool_calls").asBoolean()
                && !choice.path("type").asText().equals("none")) {
            choice.put("disable_parallel_tool_use", true);
        }
        if (choice.size() > 1 || !choice.path("type").asText().equals("auto")) {
            out.set("tool_choice", choice);
        }
    }

    /** auto → auto, none → none, required → any, {"function": {"name"}} → tool with that name. */
    private static ObjectNode toolChoice(JsonNode choice) {
        ObjectNode out = Json.object();
        if (choice == null || choice.isNull()) {
            return out.put("type", "auto");
        }
        if (choice.isTextual()) {
            switch (choice.asText()) {
                case "auto" -> out.put("type", "auto");
                case "none" -> out.put("type", "none");
                case "required" -> out.put("type", "any");
                default -> throw ApiError.invalidRequest("tool_choice must be auto, none, required or a named "
                        + "function", "tool_choice");
            }
            return out;
        }
        String name = choice.path("function").path("name").asText("");
        if (name.isEmpty()) {
            throw ApiError.invalidRequest("tool_choice names no function", "tool_choice");
        }
        return out.put("type", "tool").put("name", name);
    }

    /** Assistant {@code tool_calls} → {@code tool_use} blocks; arguments are a JSON string on OpenAI's side. */
    static void addToolUses(JsonNode toolCalls, ArrayNode blocks) {
        if (toolCalls == null || !toolCalls.isArray()) {
            return;
        }
        for (JsonNode toolCall : toolCalls) {
            JsonNode function = toolCall.path("function");
            ObjectNode use = blocks.addObject().put("type", "tool_use");
            use.put("id", toolCall.path("id").asText());
            use.put("name", function.path("name").asText());
            use.set("input", arguments(function.path("arguments").asText("")));
        }
    }

    private static JsonNode arguments(String json) {
        if (json.isBlank()) {
            return Json.object();
        }
        try {
            JsonNode parsed = Json.parse(json);
            if (parsed.isObject()) {
                return parsed;
            }
        } catch (IOException notJson) {
            // reported below
        }
        throw ApiError.invalidRequest("tool_calls[].function.arguments must be a JSON object", "messages");
    }

    /** Anthropic {@code tool_use} block → OpenAI tool call. */
    static ObjectNode toolCall(JsonNode toolUse) {
        ObjectNode call = Json.object().put("id", toolUse.path("id").asText()).put("type", "function");
        JsonNode input = toolUse.path("input");
        call.putObject("function").put("name", toolUse.path("name").asText())
                .put("arguments", Json.text(input.isObject() ? input : Json.object()));
        return call;
    }
}

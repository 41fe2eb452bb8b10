package dev.onellmapi.frontdoor.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.Json;

import java.util.Set;

import static dev.onellmapi.frontdoor.messages.MessagesFields.array;
import static dev.onellmapi.frontdoor.messages.MessagesFields.object;
import static dev.onellmapi.frontdoor.messages.MessagesFields.present;
import static dev.onellmapi.frontdoor.messages.MessagesFields.required;
import static dev.onellmapi.frontdoor.messages.MessagesFields.text;

/**
 * {@code tools} and {@code tool_choice} in the chat form. A client tool ({@code input_schema}) becomes a function
 * whose parameters are its schema without {@code $schema} (a JSON Schema 2020-12 document's marker, which says nothing
 * of the arguments; Gemini's mapper cuts the rest down to what Google accepts). A tool with a {@code type} is one of
 * Anthropic's own (web search, code execution, bash, text editor, ...): no other provider has it, so it is left out
 * and named. {@code defer_loading} is Anthropic's way to load a tool's schema later: here every tool is sent whole.
 */
final class MessagesTools {
    /** Fields of a tool that steer Anthropic only. */
    private static final Set<String> STEERING = Set.of("cache_control", "defer_loading", "input_examples",
            "eager_input_streaming", "allowed_callers");

    private MessagesTools() {
    }

    /** The chat form's {@code tools}, or null when none is left. */
    static ArrayNode tools(JsonNode tools, Set<String> ignored) {
        array(tools, "tools");
        ArrayNode out = Json.array();
        for (int i = 0; i < tools.size(); i++) {
            String path = "tools[" + i + "]";
            JsonNode tool = object(tools.get(i), path);
            JsonNode type = present(tool, "type");
            if (type != null && !type.asText().equals("custom")) {
                ignored.add("tools[" + tool.path("name").asText(type.asText()) + "]");
                continue;
            }
            ObjectNode function = out.addObject().put("type", "function").putObject("function");
            function.put("name", text(tool, "name", path + ".name"));
            JsonNode description = present(tool, "description");
            if (description != null) {
                function.put("description", description.asText());
            }
            ObjectNode schema = object(required(tool, "input_schema", path + ".input_schema"),
                    path + ".input_schema").deepCopy();
            schema.remove("$schema");
            function.set("parameters", schema);
            if (tool.path("strict").asBoolean(false)) {
                function.put("strict", true);
            }
            STEERING.stream().filter(tool::has).forEach(ignored::add);
        }
        return out.isEmpty() ? null : out;
    }

    /** Sets {@code tool_choice} (and {@code parallel_tool_calls}) on the chat request. */
    static void toolChoice(JsonNode choice, ObjectNode chat) {
        object(choice, "tool_choice");
        String type = text(choice, "type", "tool_choice.type");
        switch (type) {
            case "auto" -> chat.put("tool_choice", "auto");
            case "any" -> chat.put("tool_choice", "required");
            case "none" -> chat.put("tool_choice", "none");
            case "tool" -> chat.putObject("tool_choice").put("type", "function").putObject("function")
                    .put("name", text(choice, "name", "tool_choice.name"));
            default -> throw new InvalidMessagesRequest("tool_choice.type",
                    "Input should be 'auto', 'any', 'tool' or 'none'");
        }
        if (choice.path("disable_parallel_tool_use").asBoolean(false) && !type.equals("none")) {
            chat.put("parallel_tool_calls", false);
        }
    }
}

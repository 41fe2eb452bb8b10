package dev.onellmapi.frontdoor.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.onellmapi.wire.Json;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Responses {@code tools} and {@code tool_choice} as chat ones. Function tools map one to one; a {@code namespace}
 * tool's functions and {@code custom} tools as {@link ToolNames} says. Built-in tools ({@code web_search}, ...) run
 * at OpenAI only: offered beside function tools they are left out and named (Codex offers web_search on every
 * request); offered alone, or forced by tool_choice, the answer would be another one, so that is a 400.
 */
final class ResponsesTools {
    private ResponsesTools() {
    }

    /** Sets {@code tools}, {@code tool_choice} and {@code parallel_tool_calls} on {@code chat}. */
    static void map(ObjectNode request, ObjectNode chat, ToolNames names, List<String> ignored) {
        JsonNode tools = request.get("tools");
        ArrayNode chatTools = Json.array();
        Set<String> builtIn = new HashSet<>();
        if (tools != null && !tools.isNull()) {
            if (!tools.isArray()) {
                throw InvalidResponsesRequest.type("tools", "an array");
            }
            for (int i = 0; i < tools.size(); i++) {
                add(tools.get(i), null, "tools[" + i + "]", chatTools, names, builtIn);
            }
        }
        for (String type : builtIn) {
            ignored.add("tools[" + type + "]");
        }
        if (chatTools.isEmpty() && !builtIn.isEmpty()) {
            throw InvalidResponsesRequest.unsupported("tools", "Built-in tools (" + String.join(", ", builtIn)
                    + ") run at OpenAI only; this model can be offered function tools.");
        }
        JsonNode choice = request.get("tool_choice");
        if (choice != null && !choice.isNull()) {
            chat.set("tool_choice", choice(choice, chatTools, names));
        }
        if (!chatTools.isEmpty()) {
            chat.set("tools", chatTools);
        }
        JsonNode parallel = request.get("parallel_tool_calls");
        if (parallel != null && !parallel.isNull() && !chatTools.isEmpty()) {
            if (!parallel.isBoolean()) {
                throw InvalidResponsesRequest.type("parallel_tool_calls", "a boolean");
            }
            chat.set("parallel_tool_calls", parallel);
        }
    }

    private static void add(JsonNode tool, String namespace, String at, ArrayNode out, ToolNames names,
                            Set<String> builtIn) {
        String type = tool.path("type").asText();
        switch (type) {
            case "function" -> {
                ObjectNode function = Json.object();
                function.put("name", names.add(namespace, name(tool, at), false));
                copy(tool, function, "description");
                copy(tool, function, "parameters");
                copy(tool, function, "strict");
                out.addObject().put("type", "function").set("function", function);
            }
            case "custom" -> {
                ObjectNode function = Json.object();
                function.put("name", names.add(namespace, name(tool, at), true));
                function.put("description", tool.path("description").asText("")
                        + " (Give the tool's input as the string parameter '" + ToolNames.CUSTOM_INPUT + "'.)");
                ObjectNode parameters = function.putObject("parameters").put("type", "object");
                parameters.putObject("properties").putObject(ToolNames.CUSTOM_INPUT).put("type", "string");
                parameters.putArray("required").add(ToolNames.CUSTOM_INPUT);
                out.addObject().put("type", "function").set("function", function);
            }
            case "namespace" -> {
                JsonNode inner = tool.get("tools");
                if (inner == null || !inner.isArray()) {
                    throw InvalidResponsesRequest.type(at + ".tools", "an array");
                }
                String ns = name(tool, at);
                for (int i = 0; i < inner.size(); i++) {
                    add(inner.get(i), ns, at + ".tools[" + i + "]", out, names, builtIn);
                }
            }
            case "" -> throw InvalidResponsesRequest.missing(at + ".type");
            default -> builtIn.add(type);
        }
    }

    private static JsonNode choice(JsonNode choice, ArrayNode chatTools, ToolNames names) {
        if (choice.isTextual()) {
            String mode = choice.asText();
            if (!mode.equals("none") && !mode.equals("auto") && !mode.equals("required")) {
                throw InvalidResponsesRequest.invalid("tool_choice", "Invalid value for 'tool_choice': expected "
                        + "'none', 'auto', 'required' or an object.");
            }
            return choice;
        }
        String type = choice.path("type").asText();
        switch (type) {
            case "function", "custom" -> {
                ObjectNode forced = Json.object().put("type", "function");
                forced.putObject("function").put("name", ToolNames.flat(choice.path("namespace").asText(null),
                        name(choice, "tool_choice")));
                return forced;
            }
            case "allowed_tools" -> {
                Set<String> allowed = new HashSet<>();
                for (JsonNode tool : choice.path("tools")) {
                    allowed.add(ToolNames.flat(tool.path("namespace").asText(null), tool.path("name").asText()));
                }
                for (int i = chatTools.size() - 1; i >= 0; i--) {
                    if (!allowed.contains(chatTools.get(i).path("function").path("name").asText())) {
                        chatTools.remove(i);
                    }
                }
                return TextNode.valueOf("required".equals(choice.path("mode").asText()) ? "required" : "auto");
            }
            default -> throw InvalidResponsesRequest.unsupported("tool_choice", "tool_choice '" + type
                    + "' forces a tool this model cannot run: force a function tool, or use auto.");
        }
    }

    private static String name(JsonNode tool, String at) {
        JsonNode name = tool.get("name");
        if (name == null || !name.isTextual() || name.asText().isEmpty()) {
            throw InvalidResponsesRequest.missing(at + ".name");
        }
        return name.asText();
    }

    private static void copy(JsonNode from, ObjectNode to, String field) {
        JsonNode value = from.get(field);
        if (value != null && !value.isNull()) {
            to.set(field, value);
        }
    }
}

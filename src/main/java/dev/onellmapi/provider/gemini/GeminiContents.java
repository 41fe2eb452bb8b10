package dev.onellmapi.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.ApiError;
import dev.onellmapi.wire.Json;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * OpenAI {@code messages} as Gemini's {@code systemInstruction} and {@code contents}. Gemini wants turns that
 * alternate between {@code user} and {@code model}, so consecutive turns of one role are merged into one turn; tool
 * results are {@code functionResponse} parts of a user turn, named by the function of the tool call they answer
 * (Gemini matches results to calls by name, OpenAI by id).
 */
final class GeminiContents {
    private final ObjectNode systemInstruction;
    private final ArrayNode contents;

    private GeminiContents(ObjectNode systemInstruction, ArrayNode contents) {
        this.systemInstruction = systemInstruction;
        this.contents = contents;
    }

    ObjectNode systemInstruction() {
        return systemInstruction;
    }

    ArrayNode contents() {
        return contents;
    }

    /** @param model the upstream model, which decides how images by URL are sent */
    static GeminiContents of(JsonNode messages, String model) {
        ArrayNode system = Json.array();
        ArrayNode contents = Json.array();
        Map<String, String> functionOfCall = new HashMap<>();
        for (JsonNode message : messages) {
            String role = message.path("role").asText();
            switch (role) {
                case "system", "developer" -> addText(system, MessageText.of(message.get("content")));
                case "user" -> append(contents, "user", userParts(message.get("content"), model));
                case "assistant" -> append(contents, "model", assistantParts(message, functionOfCall));
                case "tool" -> append(contents, "user", Json.array().add(functionResponse(message, functionOfCall)));
                default -> throw ApiError.invalidRequest("Gemini does not take messages of role '" + role + "'",
                        "messages");
            }
        }
        if (contents.isEmpty() && !system.isEmpty()) {
            // Gemini refuses empty contents: a conversation of system messages only is asked as the user's turn
            contents.addObject().put("role", "user").set("parts", system);
            return new GeminiContents(null, contents);
        }
        ObjectNode instruction = null;
        if (!system.isEmpty()) {
            instruction = Json.object();
            instruction.set("parts", system);
        }
        return new GeminiContents(instruction, contents);
    }

    /**
     * Adds a turn's parts: to the last turn when it has the same role (the merge), else as a new turn. A turn with no
     * parts (an empty assistant message) is left out, so it can neither reach Gemini nor keep two user turns apart.
     */
    private static void append(ArrayNode contents, String role, ArrayNode parts) {
        if (parts.isEmpty()) {
            return;
        }
        JsonNode last = contents.isEmpty() ? null : contents.get(contents.size() - 1);
        if (last != null && role.equals(last.path("role").asText())) {
            ((ArrayNode) last.get("parts")).addAll(parts);
            return;
        }
        ObjectNode turn = contents.addObject();
        turn.put("role", role);
        turn.set("parts", parts);
    }

    /** Gemini refuses an empty text part: empty text is left out. */
    private static void addText(ArrayNode parts, String text) {
        if (!text.isEmpty()) {
            parts.add(text(text));
        }
    }

    private static ObjectNode text(String text) {
        ObjectNode part = Json.object();
        part.put("text", text);
        return part;
    }

    private static ArrayNode userParts(JsonNode content, String model) {
        ArrayNode parts = Json.array();
        if (content == null || !content.isArray()) {
            addText(parts, MessageText.of(content));
            return parts;
        }
        for (JsonNode part : content) {
            switch (part.path("type").asText()) {
                case "text" -> addText(parts, part.path("text").asText());
                case "image_url" -> parts.add(GeminiImageParts.of(part.path("image_url").path("url").asText(), model));
                default -> throw ApiError.invalidRequest("Gemini does not take content parts of type '"
                        + part.path("type").asText() + "'", "messages");
            }
        }
        return parts;
    }

    private static ArrayNode assistantParts(JsonNode message, Map<String, String> functionOfCall) {
        ArrayNode parts = Json.array();
        addText(parts, MessageText.of(message.get("content")));
        for (JsonNode toolCall : message.path("tool_calls")) {
            JsonNode function = toolCall.path("function");
            String name = function.path("name").asText();
            functionOfCall.put(toolCall.path("id").asText(), name);
            ObjectNode call = parts.addObject().putObject("functionCall");
            call.put("name", name);
            call.set("args", arguments(function.path("arguments").asText("{}")));
        }
        return parts;
    }

    private static JsonNode arguments(String json) {
        try {
            JsonNode args = json.isBlank() ? Json.object() : Json.parse(json);
            if (args.isObject()) {
                return args;
            }
        } catch (IOException notJson) {
            // reported below
        }
        throw ApiError.invalidRequest("tool call arguments must be a JSON object", "messages");
    }

    private static ObjectNode functionResponse(JsonNode message, Map<String, String> functionOfCall) {
        String callId = message.path("tool_call_id").asText();
        String name = functionOfCall.getOrDefault(callId, message.path("name").asText(""));
        if (name.isEmpty()) {
            throw ApiError.invalidRequest("tool message answers tool_call_id '" + callId
                    + "', which no earlier assistant message called", "messages");
        }
        ObjectNode part = Json.object();
        ObjectNode response = part.putObject("functionResponse");
        response.put("name", name);
        response.set("response", result(MessageText.of(message.get("content"))));
        return part;
    }

    /** Gemini wants the result as an object: a JSON object result as is, anything else under {@code content}. */
    private static ObjectNode result(String content) {
        ObjectNode parsed = Json.parseObjectOrNull(content);
        if (parsed != null) {
            return parsed;
        }
        ObjectNode wrapped = Json.object();
        wrapped.put("content", content);
        return wrapped;
    }
}

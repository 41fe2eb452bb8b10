package dev.onellmapi.frontdoor.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.Json;

import java.util.List;

/**
 * Responses {@code input} items as chat {@code messages}. Items on the model's side (an assistant message, a
 * {@code function_call}, a reasoning item) that follow each other are one assistant message, the reasoning as its
 * {@code thinking_blocks}; each {@code function_call_output} is a tool message, and images in an output follow the
 * tool messages as a user message (a chat tool message carries text only). Turns of one role are left as they come:
 * the Claude and Gemini mappers merge them, chat-only servers take them.
 */
final class ResponsesInput {
    private final ArrayNode messages = Json.array();
    private final ToolNames tools;
    private final List<String> ignored;
    /** The assistant message being built, or null. */
    private ObjectNode assistant;
    /** Thinking blocks of reasoning items waiting for the assistant message they belong to. */
    private ArrayNode thinking = Json.array();
    /** Images of tool outputs, sent as a user message once the tool messages end. */
    private ArrayNode toolImages = Json.array();

    private ResponsesInput(ToolNames tools, List<String> ignored) {
        this.tools = tools;
        this.ignored = ignored;
    }

    /** @param ignored where what is left out is named */
    static ArrayNode messages(Iterable<JsonNode> items, ToolNames tools, List<String> ignored) {
        ResponsesInput input = new ResponsesInput(tools, ignored);
        int i = 0;
        for (JsonNode item : items) {
            input.add(item, "input[" + i++ + "]");
        }
        input.endAssistant();
        input.endToolOutputs();
        return input.messages;
    }

    /** A string input as the one item it stands for. */
    static ObjectNode userText(String text) {
        ObjectNode item = Json.object().put("type", "message").put("role", "user");
        item.putArray("content").addObject().put("type", "input_text").put("text", text);
        return item;
    }

    private void add(JsonNode item, String at) {
        if (!item.isObject()) {
            throw InvalidResponsesRequest.type(at, "an object");
        }
        String type = item.path("type").asText(item.has("role") ? "message" : "");
        switch (type) {
            case "message" -> message(item, at);
            case "function_call" -> toolCall(item.path("call_id").asText(),
                    tools.add(text(item, "namespace", at), required(item, "name", at), false),
                    item.path("arguments").asText("{}"));
            case "custom_tool_call" -> toolCall(item.path("call_id").asText(),
                    tools.add(text(item, "namespace", at), required(item, "name", at), true),
                    Json.text(Json.object().put(ToolNames.CUSTOM_INPUT, item.path("input").asText(""))));
            case "function_call_output", "custom_tool_call_output" -> toolOutput(item, at);
            case "reasoning" -> reasoning(item);
            case "item_reference" -> throw InvalidResponsesRequest.unsupported(at, "item_reference is not "
                    + "supported for this model: send the item itself, or use previous_response_id.");
            default -> {
                if (type.isEmpty()) {
                    throw InvalidResponsesRequest.missing(at + ".type");
                }
                // built-in tool calls and their outputs (web_search_call, ...), compaction: another provider's
                // state, which this one cannot read
                ignored.add("input[" + type + "]");
            }
        }
    }

    private void message(JsonNode item, String at) {
        String role = required(item, "role", at);
        JsonNode content = item.get("content");
        switch (role) {
            case "assistant" -> {
                ArrayNode parts = assistantParts(content, at + ".content");
                if (!parts.isEmpty()) {
                    ArrayNode existing = assistant().withArray("content");
                    existing.addAll(parts);
                }
            }
            case "user", "system", "developer" -> {
                endAssistant();
                endToolOutputs();
                ObjectNode message = messages.addObject().put("role", role);
                message.set("content", inputParts(content, at + ".content", !role.equals("user")));
            }
            default -> throw InvalidResponsesRequest.invalid(at + ".role", "Invalid value for '" + at
                    + ".role': expected one of 'user', 'assistant', 'system' or 'developer'.");
        }
    }

    private void toolCall(String callId, String name, String arguments) {
        ObjectNode call = assistant().withArray("tool_calls").addObject();
        call.put("id", callId);
        call.put("type", "function");
        call.putObject("function").put("name", name).put("arguments", arguments);
    }

    private void toolOutput(JsonNode item, String at) {
        endAssistant();
        ObjectNode message = messages.addObject().put("role", "tool");
        message.put("tool_call_id", required(item, "call_id", at));
        JsonNode output = item.get("output");
        if (output == null || output.isNull() || output.isTextual()) {
            message.put("content", output == null || output.isNull() ? "" : output.asText());
            return;
        }
        if (!output.isArray()) {
            throw InvalidResponsesRequest.type(at + ".output", "a string or an array of content parts");
        }
        ArrayNode text = Json.array();
        for (int i = 0; i < output.size(); i++) {
            JsonNode part = output.get(i);
            if ("input_image".equals(part.path("type").asText())) {
                toolImages.add(image(part, at + ".output[" + i + "]"));
            } else {
                text.add(textPart(part, at + ".output[" + i + "]"));
            }
        }
        message.set("content", text.isEmpty() ? Json.array().add(Json.object().put("type", "text").put("text", ""))
                : text);
    }

    private void reasoning(JsonNode item) {
        JsonNode encrypted = item.get("encrypted_content");
        if (encrypted == null || encrypted.isNull()) {
            return; // a summary only: there is nothing a provider takes back
        }
        ArrayNode blocks = ReasoningItems.decode(encrypted.asText());
        if (blocks == null) {
            ignored.add("input[reasoning.encrypted_content]");
            return;
        }
        (assistant != null ? assistant.withArray("thinking_blocks") : thinking).addAll(blocks);
    }

    private ObjectNode assistant() {
        if (assistant == null) {
            endToolOutputs();
            assistant = messages.addObject().put("role", "assistant");
            if (!thinking.isEmpty()) {
                assistant.set("thinking_blocks", thinking);
                thinking = Json.array();
            }
        }
        return assistant;
    }

    private void endAssistant() {
        if (assistant != null && !assistant.has("content")) {
            assistant.putNull("content"); // tool calls only: content null, as OpenAI's
        }
        assistant = null;
        thinking = Json.array(); // reasoning followed by no answer of the model's has nothing to go with
    }

    private void endToolOutputs() {
        if (!toolImages.isEmpty()) {
            messages.addObject().put("role", "user").set("content", toolImages);
            toolImages = Json.array();
        }
    }

    private static ArrayNode assistantParts(JsonNode content, String at) {
        ArrayNode parts = Json.array();
        if (content == null || content.isNull()) {
            return parts;
        }
        if (content.isTextual()) {
            if (!content.asText().isEmpty()) {
                parts.addObject().put("type", "text").put("text", content.asText());
            }
            return parts;
        }
        if (!content.isArray()) {
            throw InvalidResponsesRequest.type(at, "a string or an array of content parts");
        }
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            switch (part.path("type").asText()) {
                case "output_text", "input_text", "text" -> {
                    if (!part.path("text").asText("").isEmpty()) {
                        parts.addObject().put("type", "text").put("text", part.path("text").asText());
                    }
                }
                case "refusal" -> parts.addObject().put("type", "refusal").put("refusal",
                        part.path("refusal").asText(""));
                default -> throw InvalidResponsesRequest.unsupported(at + "[" + i + "]", "Assistant messages take "
                        + "output_text and refusal parts, not '" + part.path("type").asText() + "'.");
            }
        }
        return parts;
    }

    /** A string stays a string; parts become chat parts. System and developer messages take text only. */
    private static JsonNode inputParts(JsonNode content, String at, boolean textOnly) {
        if (content == null || content.isNull()) {
            throw InvalidResponsesRequest.missing(at);
        }
        if (content.isTextual()) {
            return content;
        }
        if (!content.isArray()) {
            throw InvalidResponsesRequest.type(at, "a string or an array of content parts");
        }
        ArrayNode parts = Json.array();
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            String partAt = at + "[" + i + "]";
            if ("input_image".equals(part.path("type").asText()) && !textOnly) {
                parts.add(image(part, partAt));
            } else {
                parts.add(textPart(part, partAt));
            }
        }
        return parts;
    }

    private static ObjectNode textPart(JsonNode part, String at) {
        String type = part.path("type").asText();
        if (!type.equals("input_text") && !type.equals("output_text") && !type.equals("text")) {
            throw InvalidResponsesRequest.unsupported(at, "Content parts of type '" + type + "' are not supported "
                    + "here for this model" + (type.equals("input_file") ? " (files are not sent to translated "
                    + "providers)" : "") + ".");
        }
        JsonNode text = part.get("text");
        if (text == null || !text.isTextual()) {
            throw InvalidResponsesRequest.type(at + ".text", "a string");
        }
        return Json.object().put("type", "text").put("text", text.asText());
    }

    private static ObjectNode image(JsonNode part, String at) {
        JsonNode url = part.get("image_url");
        if (url == null || !url.isTextual()) {
            throw InvalidResponsesRequest.unsupported(at, part.has("file_id") ? "Images by file_id are not "
                    + "supported for this model: send image_url (an http(s) or data: URL)."
                    : "input_image needs image_url (an http(s) or data: URL).");
        }
        ObjectNode chat = Json.object().put("type", "image_url");
        ObjectNode image = chat.putObject("image_url").put("url", url.asText());
        if (part.path("detail").isTextual()) {
            image.put("detail", part.get("detail").asText());
        }
        return chat;
    }

    private static String required(JsonNode item, String field, String at) {
        JsonNode value = item.get(field);
        if (value == null || value.isNull()) {
            throw InvalidResponsesRequest.missing(at + "." + field);
        }
        if (!value.isTextual()) {
            throw InvalidResponsesRequest.type(at + "." + field, "a string");
        }
        return value.asText();
    }

    private static String text(JsonNode item, String field, String at) {
        JsonNode value = item.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw InvalidResponsesRequest.type(at + "." + field, "a string");
        }
        return value.asText();
    }
}

package dev.onellmapi.frontdoor.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.onellmapi.frontdoor.messages.MessagesFields.array;
import static dev.onellmapi.frontdoor.messages.MessagesFields.present;
import static dev.onellmapi.frontdoor.messages.MessagesFields.required;
import static dev.onellmapi.frontdoor.messages.MessagesFields.text;
import static dev.onellmapi.frontdoor.messages.MessagesFields.type;

/**
 * {@code system} and {@code messages} as chat messages. A user turn's {@code tool_result} blocks become {@code tool}
 * messages placed first (the chat form answers tool calls right after the assistant turn that made them); what a tool
 * result holds besides text (an image Claude Code's Read tool returns) follows in the user message, since tool
 * messages take text only. An assistant turn's thinking is not sent back: it is the model's own, and Anthropic too
 * drops earlier turns' thinking from what the model reads.
 */
final class MessagesConversation {
    /** Claude Code's first system block: attribution for Anthropic's billing, no instruction to the model. */
    private static final String BILLING_HEADER = "x-anthropic-billing-header:";

    private final TranslatedModel target;
    private final Set<String> ignored;
    private final ArrayNode out = Json.array();

    private MessagesConversation(TranslatedModel target, Set<String> ignored) {
        this.target = target;
        this.ignored = ignored;
    }

    static ArrayNode toChat(JsonNode system, JsonNode messages, TranslatedModel target, Set<String> ignored) {
        MessagesConversation conversation = new MessagesConversation(target, ignored);
        if (system != null) {
            conversation.system(system, "system");
        }
        array(messages, "messages");
        if (messages.isEmpty()) {
            throw new InvalidMessagesRequest("messages", "at least one message is required");
        }
        for (int i = 0; i < messages.size(); i++) {
            conversation.message(messages.get(i), "messages[" + i + "]");
        }
        return conversation.out;
    }

    /** The top-level system, or a {@code role: "system"} turn (Claude Code sends them for models it does not know). */
    private void system(JsonNode content, String path) {
        String text = content.isTextual() ? content.asText() : joinedText(content, path, true);
        if (!text.isEmpty()) {
            out.addObject().put("role", "system").put("content", text);
        }
    }

    private void message(JsonNode message, String path) {
        MessagesFields.object(message, path);
        String role = text(message, "role", path + ".role");
        JsonNode content = required(message, "content", path + ".content");
        switch (role) {
            case "user" -> user(content, path + ".content");
            case "assistant" -> assistant(content, path + ".content");
            case "system" -> system(content, path + ".content");
            default -> throw new InvalidMessagesRequest(path + ".role",
                    "Input should be 'user' or 'assistant'");
        }
    }

    private void user(JsonNode content, String path) {
        if (content.isTextual()) {
            out.addObject().put("role", "user").put("content", content.asText());
            return;
        }
        ArrayNode parts = Json.array();
        blocks(content, path, (block, at, type) -> {
            switch (type) {
                case "tool_result" -> toolResult(block, at, parts);
                case "text" -> parts.add(textPart(text(block, "text", at + ".text")));
                case "image" -> parts.add(image(block, at));
                case "document" -> parts.add(document(block, at));
                default -> throw new InvalidMessagesRequest(at + ".type", "'" + type
                        + "' blocks are not supported for " + target.model() + " (not a Claude model)");
            }
        });
        if (!parts.isEmpty()) {
            out.addObject().put("role", "user").set("content", parts);
        }
    }

    private void toolResult(JsonNode block, String path, ArrayNode userParts) {
        String id = text(block, "tool_use_id", path + ".tool_use_id");
        JsonNode content = present(block, "content");
        List<String> texts = new ArrayList<>();
        if (content != null && content.isTextual()) {
            texts.add(content.asText());
        } else if (content != null) {
            blocks(content, path + ".content", (part, at, type) -> {
                switch (type) {
                    case "text" -> texts.add(text(part, "text", at + ".text"));
                    case "image" -> userParts.add(image(part, at));
                    case "document" -> userParts.add(document(part, at));
                    // ToolSearch's answer: the tool is in the request's tools already (deferred loading is Anthropic's)
                    case "tool_reference" -> texts.add("Tool loaded: " + part.path("tool_name").asText());
                    default -> throw new InvalidMessagesRequest(at + ".type", "'" + type
                            + "' blocks are not supported in tool results for " + target.model());
                }
            });
        }
        // the chat form has no error flag: the model reads it in the result
        String prefix = block.path("is_error").asBoolean(false) ? "Error: " : "";
        out.addObject().put("role", "tool").put("tool_call_id", id).put("content", prefix + String.join("\n", texts));
    }

    private void assistant(JsonNode content, String path) {
        ObjectNode message = Json.object().put("role", "assistant");
        if (content.isTextual()) {
            out.add(message.put("content", content.asText()));
            return;
        }
        StringBuilder text = new StringBuilder();
        ArrayNode calls = Json.array();
        blocks(content, path, (block, at, type) -> {
            switch (type) {
                case "text" -> text.append(text(block, "text", at + ".text"));
                case "tool_use" -> {
                    ObjectNode call = calls.addObject();
                    call.put("id", text(block, "id", at + ".id")).put("type", "function");
                    JsonNode input = MessagesFields.object(required(block, "input", at + ".input"), at + ".input");
                    call.putObject("function").put("name", text(block, "name", at + ".name"))
                            .put("arguments", Json.text(input));
                }
                case "thinking", "redacted_thinking" -> {
                    // the model's own reasoning of an earlier turn: not read again (see the class comment)
                }
                default -> throw new InvalidMessagesRequest(at + ".type", "'" + type
                        + "' blocks are not supported for " + target.model() + " (not a Claude model)");
            }
        });
        // the chat form's content is null, not "", beside tool calls
        message.put("content", text.isEmpty() && !calls.isEmpty() ? null : text.toString());
        if (!calls.isEmpty()) {
            message.set("tool_calls", calls);
        }
        out.add(message);
    }

    /** What is done with one content block: the block, its path, its type. */
    @FunctionalInterface
    private interface BlockStep {
        void take(JsonNode block, String path, String type);
    }

    /** Each block of a content array, its {@code type} read and its steering fields noted. */
    private void blocks(JsonNode content, String path, BlockStep step) {
        array(content, path);
        for (int i = 0; i < content.size(); i++) {
            JsonNode block = content.get(i);
            String at = path + "[" + i + "]";
            String type = type(block, at);
            steering(block);
            step.take(block, at, type);
        }
    }

    private ObjectNode image(JsonNode block, String path) {
        JsonNode source = MessagesFields.object(required(block, "source", path + ".source"), path + ".source");
        String kind = text(source, "type", path + ".source.type");
        String url = switch (kind) {
            case "base64" -> "data:" + text(source, "media_type", path + ".source.media_type") + ";base64,"
                    + text(source, "data", path + ".source.data");
            case "url" -> text(source, "url", path + ".source.url");
            default -> throw new InvalidMessagesRequest(path + ".source.type", "image sources of type '" + kind
                    + "' are Anthropic's own: give the image as base64 or a URL for " + target.model());
        };
        ObjectNode part = Json.object().put("type", "image_url");
        part.putObject("image_url").put("url", url);
        return part;
    }

    /** A plain-text document is read as text; a PDF goes as OpenAI's file part (OpenAI and Azure read PDFs). */
    private ObjectNode document(JsonNode block, String path) {
        JsonNode source = MessagesFields.object(required(block, "source", path + ".source"), path + ".source");
        String kind = text(source, "type", path + ".source.type");
        if (present(block, "citations") != null) {
            ignored.add("citations");
        }
        if (kind.equals("text")) {
            return textPart(text(source, "data", path + ".source.data"));
        }
        if (kind.equals("content")) {
            return textPart(joinedText(required(source, "content", path + ".source.content"),
                    path + ".source.content", false));
        }
        if (!kind.equals("base64") || !target.provider().readsFiles()) {
            throw new InvalidMessagesRequest(path + ".source.type", "documents of type '" + kind
                    + "' are not supported for " + target.model() + " (not a Claude model)");
        }
        ObjectNode part = Json.object().put("type", "file");
        part.putObject("file").put("filename", block.path("title").asText("document.pdf"))
                .put("file_data", "data:" + text(source, "media_type", path + ".source.media_type") + ";base64,"
                        + text(source, "data", path + ".source.data"));
        return part;
    }

    /** Text blocks joined by new lines; {@code system} skips Claude Code's billing line. */
    private String joinedText(JsonNode blocks, String path, boolean system) {
        StringBuilder text = new StringBuilder();
        blocks(blocks, path, (block, at, type) -> {
            if (!type.equals("text")) {
                throw new InvalidMessagesRequest(at + ".type", "Input should be 'text'");
            }
            String piece = text(block, "text", at + ".text");
            if (!(system && piece.startsWith(BILLING_HEADER))) {
                text.append(text.isEmpty() ? "" : "\n").append(piece);
            }
        });
        return text.toString();
    }

    /** A block's {@code cache_control} only steers Anthropic's prompt cache. */
    private void steering(JsonNode block) {
        if (present(block, "cache_control") != null) {
            ignored.add("cache_control");
        }
    }

    private static ObjectNode textPart(String text) {
        return Json.object().put("type", "text").put("text", text);
    }
}

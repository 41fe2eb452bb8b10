package dev.onellmapi.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.ApiError;
import dev.onellmapi.wire.Json;

/**
 * OpenAI {@code messages} → Anthropic {@code system} + {@code messages}. Anthropic wants the system prompt apart,
 * strictly alternating user/assistant turns starting with a user turn, and no empty text blocks; OpenAI allows
 * system messages anywhere, repeated roles and tool results as separate messages. Everything becomes content
 * blocks, so turns of the same role can simply be joined.
 */
record AnthropicConversation(ArrayNode system, ArrayNode messages) {
    /** Anthropic refuses a conversation that does not open with the user; this stands in for the missing turn. */
    static final String OPENING_TURN = "(continue)";

    static AnthropicConversation of(JsonNode openAiMessages) {
        AnthropicConversation c = new AnthropicConversation(Json.array(), Json.array());
        for (JsonNode message : openAiMessages) {
            String role = message.path("role").asText();
            switch (role) {
                case "system", "developer" -> c.system.addAll(textBlocks(message.get("content")));
                case "user" -> c.append("user", userBlocks(message.get("content")));
                case "assistant" -> c.append("assistant", assistantBlocks(message));
                case "tool" -> c.append("user", Json.array().add(toolResult(message)));
                default -> throw ApiError.invalidRequest("Anthropic models do not take messages with role '"
                        + role + "'", "messages");
            }
        }
        if (c.messages.isEmpty() || !c.messages.get(0).path("role").asText().equals("user")) {
            ObjectNode opening = Json.object().put("role", "user");
            opening.putArray("content").add(text(OPENING_TURN));
            c.messages.insert(0, opening);
        }
        return c;
    }

    /** Adds blocks as a turn of {@code role}, joined to the previous turn when it has the same role. */
    private void append(String role, ArrayNode blocks) {
        if (blocks.isEmpty()) {
            return; // an empty turn (assistant "" with nothing else) is not sent: Anthropic rejects it
        }
        JsonNode last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
        if (last != null && last.path("role").asText().equals(role)) {
            ((ArrayNode) last.get("content")).addAll(blocks);
            return;
        }
        ObjectNode turn = messages.addObject().put("role", role);
        turn.set("content", blocks);
    }

    private static ArrayNode userBlocks(JsonNode content) {
        if (content == null || !content.isArray()) {
            return textBlocks(content);
        }
        ArrayNode blocks = Json.array();
        for (JsonNode part : content) {
            String type = part.path("type").asText();
            if (type.equals("image_url")) {
                blocks.add(image(part));
            } else if (type.equals("text")) {
                addText(blocks, part);
            } else {
                throw ApiError.invalidRequest("Anthropic models do not take content parts of type '" + type + "'",
                        "messages");
            }
        }
        return blocks;
    }

    /** Its thinking first (Anthropic wants a tool-call turn to open with it), then text, then tool calls. */
    private static ArrayNode assistantBlocks(JsonNode message) {
        ArrayNode blocks = AnthropicThinkingBlocks.of(message);
        blocks.addAll(textBlocks(message.get("content")));
        AnthropicToolMapping.addToolUses(message.get("tool_calls"), blocks);
        return blocks;
    }

    private static ObjectNode toolResult(JsonNode message) {
        ObjectNode result = Json.object().put("type", "tool_result");
        result.put("tool_use_id", message.path("tool_call_id").asText());
        ArrayNode content = textBlocks(message.get("content"));
        if (!content.isEmpty()) {
            result.set("content", content);
        }
        return result;
    }

    /** A string or a list of text parts; empty and null give no block at all. */
    private static ArrayNode textBlocks(JsonNode content) {
        ArrayNode blocks = Json.array();
        if (content == null || content.isNull()) {
            return blocks;
        }
        if (content.isTextual()) {
            if (!content.asText().isEmpty()) {
                blocks.add(text(content.asText()));
            }
            return blocks;
        }
        for (JsonNode part : content) {
            if (part.isTextual()) {
                addText(blocks, Json.object().put("text", part.asText()));
            } else if (part.path("type").asText().equals("text") || part.path("type").asText().equals("refusal")) {
                addText(blocks, part);
            }
        }
        return blocks;
    }

    private static void addText(ArrayNode blocks, JsonNode part) {
        String value = part.hasNonNull("text") ? part.get("text").asText() : part.path("refusal").asText();
        if (!value.isEmpty()) {
            blocks.add(withCacheControl(text(value), part));
        }
    }

    private static ObjectNode text(String value) {
        return Json.object().put("type", "text").put("text", value);
    }

    /** data: URLs travel inline as base64; http(s) URLs are fetched by Anthropic itself (a "url" source). */
    private static ObjectNode image(JsonNode part) {
        JsonNode imageUrl = part.path("image_url");
        String url = imageUrl.isTextual() ? imageUrl.asText() : imageUrl.path("url").asText();
        ObjectNode block = Json.object().put("type", "image");
        ObjectNode source = block.putObject("source");
        if (url.startsWith("data:")) {
            int comma = url.indexOf(',');
            String meta = comma < 0 ? "" : url.substring(5, comma);
            if (!meta.endsWith(";base64")) {
                throw ApiError.invalidRequest("image data: URLs must be base64 (data:image/png;base64,...)",
                        "messages");
            }
            source.put("type", "base64");
            source.put("media_type", meta.substring(0, meta.length() - ";base64".length()));
            source.put("data", url.substring(comma + 1));
        } else if (url.startsWith("https://") || url.startsWith("http://")) {
            source.put("type", "url");
            source.put("url", url);
        } else {
            throw ApiError.invalidRequest("image_url must be a data: URL or an http(s) URL", "messages");
        }
        return withCacheControl(block, part);
    }

    /** Anthropic's prompt caching marker, accepted on OpenAI content parts and passed on as is. */
    private static ObjectNode withCacheControl(ObjectNode block, JsonNode part) {
        if (part.has("cache_control")) {
            block.set("cache_control", part.get("cache_control"));
        }
        return block;
    }
}

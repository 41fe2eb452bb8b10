package dev.onellmapi.frontdoor.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.Json;

import java.io.IOException;
import java.util.UUID;

/**
 * A whole {@code chat.completion} → an Anthropic {@code message}: reasoning as a thinking block (first, as Claude
 * writes it), the text, then each tool call as a {@code tool_use} block. A thinking block from another provider has no
 * Anthropic signature: its {@code signature} is empty.
 */
public final class MessagesAnswerMapper {
    private MessagesAnswerMapper() {
    }

    /** @param model the model name the client asked for, as Anthropic's answers name it */
    public static ObjectNode toMessage(JsonNode completion, String model) {
        JsonNode choice = completion.path("choices").path(0);
        JsonNode message = choice.path("message");
        ObjectNode out = Json.object();
        out.put("id", messageId(completion.path("id").asText("")));
        out.put("type", "message");
        out.put("role", "assistant");
        out.put("model", model);
        ArrayNode content = out.putArray("content");
        String reasoning = message.path("reasoning_content").asText("");
        if (!reasoning.isEmpty()) {
            content.addObject().put("type", "thinking").put("thinking", reasoning).put("signature", "");
        }
        String text = message.path("content").asText("");
        if (text.isEmpty()) {
            text = message.path("refusal").asText("");
        }
        if (!text.isEmpty()) {
            content.addObject().put("type", "text").put("text", text);
        }
        for (JsonNode call : message.path("tool_calls")) {
            ObjectNode use = content.addObject().put("type", "tool_use").put("id", call.path("id").asText());
            use.put("name", call.path("function").path("name").asText());
            use.set("input", arguments(call.path("function").path("arguments").asText("")));
        }
        out.put("stop_reason", MessagesUsage.stopReason(choice.path("finish_reason").asText(null)));
        out.putNull("stop_sequence");
        out.set("usage", MessagesUsage.of(completion.path("usage")));
        return out;
    }

    /** Anthropic's ids start with {@code msg_}; the provider's id is kept after it, so the ledger can match them. */
    static String messageId(String providerId) {
        return providerId.isEmpty() ? "msg_" + UUID.randomUUID().toString().replace("-", "") : "msg_" + providerId;
    }

    /**
     * A tool call's arguments as the {@code input} object. Arguments that are not a JSON object (an answer cut at
     * max_tokens) are kept as {@code {"_raw": "..."}} rather than lost.
     */
    static ObjectNode arguments(String arguments) {
        if (arguments.isBlank()) {
            return Json.object();
        }
        try {
            JsonNode parsed = Json.parse(arguments);
            if (parsed instanceof ObjectNode object) {
                return object;
            }
        } catch (IOException e) {
            // not JSON: kept raw below
        }
        return Json.object().put("_raw", arguments);
    }
}

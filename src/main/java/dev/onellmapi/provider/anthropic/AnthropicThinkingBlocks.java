package dev.onellmapi.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.Json;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Claude's thinking blocks, kept for the follow-up request of a tool loop: Anthropic refuses a tool-call turn sent
 * back without the thinking (and its signature) that preceded the calls. They travel two ways. To the client, as
 * {@code thinking_blocks} on the message (streams: one delta per finished block), the field LiteLLM clients already
 * send back on the assistant message. And remembered here by tool call id, for the clients that send back only what
 * OpenAI defines (LangChain4j, Spring AI): the last tool-calling answers of this instance, at most
 * {@value #REMEMBERED} tool calls and {@value #MAX_CHARS} characters of thinking (about 8 MiB), the oldest let go first.
 */
final class AnthropicThinkingBlocks {
    static final String FIELD = "thinking_blocks";
    static final int REMEMBERED = 10_000;
    static final long MAX_CHARS = 4_000_000;

    /** In access order: the least recently used first. Guarded by itself. */
    private static final Map<String, ArrayNode> BY_TOOL_CALL = new LinkedHashMap<>(256, 0.75f, true);
    private static long chars;

    private AnthropicThinkingBlocks() {
    }

    /** The block as the client gets it, or null when {@code block} is no thinking. */
    static ObjectNode forClient(JsonNode block) {
        return switch (block.path("type").asText()) {
            case "thinking" -> Json.object().put("type", "thinking").put("thinking", block.path("thinking").asText())
                    .put("signature", block.path("signature").asText());
            case "redacted_thinking" -> Json.object().put("type", "redacted_thinking")
                    .put("data", block.path("data").asText());
            default -> null;
        };
    }

    /** Remembers the answer's thinking for each of its tool calls. */
    static void remember(ArrayNode blocks, Iterable<String> toolCallIds) {
        if (blocks.isEmpty()) {
            return;
        }
        long size = size(blocks);
        synchronized (BY_TOOL_CALL) {
            for (String id : toolCallIds) {
                ArrayNode before = BY_TOOL_CALL.put(id, blocks);
                chars += size - (before == null ? 0 : size(before));
            }
            Iterator<ArrayNode> eldest = BY_TOOL_CALL.values().iterator();
            while (eldest.hasNext() && (BY_TOOL_CALL.size() > REMEMBERED || chars > MAX_CHARS)) {
                chars -= size(eldest.next());
                eldest.remove();
            }
        }
    }

    private static long size(ArrayNode blocks) {
        long size = 0;
        for (JsonNode block : blocks) {
            size += block.path("thinking").asText("").length() + block.path("signature").asText("").length()
                    + block.path("data").asText("").length();
        }
        return size;
    }

    /**
     * The thinking blocks an assistant message sent back should open with: its own {@code thinking_blocks}, else the
     * ones remembered for its first tool call; empty when there are none.
     */
    static ArrayNode of(JsonNode assistantMessage) {
        ArrayNode out = Json.array();
        JsonNode sent = assistantMessage.get(FIELD);
        if (sent != null && sent.isArray()) {
            sent.forEach(b -> {
                ObjectNode block = forClient(b); // only the fields Anthropic takes back
                if (block != null) {
                    out.add(block);
                }
            });
            return out;
        }
        String firstCall = assistantMessage.path("tool_calls").path(0).path("id").asText("");
        if (!firstCall.isEmpty()) {
            synchronized (BY_TOOL_CALL) {
                ArrayNode remembered = BY_TOOL_CALL.get(firstCall);
                if (remembered != null) {
                    out.addAll(remembered.deepCopy());
                }
            }
        }
        return out;
    }
}

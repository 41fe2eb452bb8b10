package dev.onellmapi.frontdoor.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.Json;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * The chat form's stream ({@code chat.completion.chunk}s, one model) → Anthropic's event sequence, each event written
 * as soon as the chunk that makes it is read: {@code message_start} (with usage) and a {@code ping} on the first chunk;
 * one {@code content_block_start} / {@code _delta} / {@code _stop} run per block, reasoning in a thinking block
 * ({@code thinking_delta}), text in a text block ({@code text_delta}), each tool call in a tool_use block
 * ({@code input_json_delta}); at the end {@code message_delta} with the stop reason and the whole usage (the chat
 * form's usage chunk comes after its finish chunk), then {@code message_stop}. One instance per stream.
 */
public final class MessagesStreamMapper {
    private enum Kind { TEXT, THINKING, TOOL }

    private final String model;
    private final int inputEstimate;
    private final ToIntFunction<String> tokens;
    private boolean started;
    private boolean ended;
    private Kind open;
    private int openIndex = -1;
    private int blocks;
    /** The chat form's tool call index → its block index. */
    private final Map<Integer, Integer> toolBlocks = new HashMap<>();
    private String finishReason;
    private JsonNode usage;
    /** Output tokens counted from the deltas, for a provider that sent no usage. */
    private long outputEstimate;

    /**
     * @param model         the model name the client asked for
     * @param inputEstimate the prompt's estimated tokens, for {@code message_start} (the real count comes with the
     *                      provider's usage, at the end, in {@code message_delta})
     * @param tokens        counts a piece of text's tokens
     */
    public MessagesStreamMapper(String model, int inputEstimate, ToIntFunction<String> tokens) {
        this.model = model;
        this.inputEstimate = inputEstimate;
        this.tokens = tokens;
    }

    /** Maps one chat chunk (JSON text) into zero or more SSE frames for {@code sink}. */
    public void chunk(String json, Consumer<String> sink) {
        ObjectNode chunk = Json.parseObjectOrNull(json);
        if (chunk == null) {
            return;
        }
        start(chunk.path("id").asText(""), sink);
        JsonNode chunkUsage = chunk.get("usage");
        if (chunkUsage != null && chunkUsage.isObject()) {
            usage = chunkUsage;
        }
        JsonNode choice = chunk.path("choices").path(0);
        JsonNode delta = choice.path("delta");
        String reasoning = delta.path("reasoning_content").asText(delta.path("reasoning").asText(""));
        if (!reasoning.isEmpty()) {
            append(Kind.THINKING, "thinking_delta", "thinking", reasoning, sink);
        }
        for (String field : new String[] {"content", "refusal"}) {
            String text = delta.path(field).asText("");
            if (!text.isEmpty()) {
                append(Kind.TEXT, "text_delta", "text", text, sink);
            }
        }
        for (JsonNode call : delta.path("tool_calls")) {
            toolCall(call, sink);
        }
        String finish = choice.path("finish_reason").asText(null);
        if (finish != null) {
            finishReason = finish;
            close(sink);
        }
    }

    /** After the last chunk: closes the open block, then {@code message_delta} and {@code message_stop}. */
    public void end(Consumer<String> sink) {
        if (ended) {
            return;
        }
        start("", sink);
        close(sink);
        ended = true;
        ObjectNode delta = Json.object().put("type", "message_delta");
        delta.putObject("delta").put("stop_reason", MessagesUsage.stopReason(finishReason)).putNull("stop_sequence");
        ObjectNode usageOut = usage != null ? MessagesUsage.of(usage) : Json.object().put("input_tokens",
                inputEstimate).put("cache_creation_input_tokens", 0).put("cache_read_input_tokens", 0)
                .put("output_tokens", outputEstimate);
        delta.set("usage", usageOut);
        sink.accept(frame("message_delta", delta));
        sink.accept(frame("message_stop", Json.object().put("type", "message_stop")));
    }

    private void start(String chunkId, Consumer<String> sink) {
        if (started) {
            return;
        }
        started = true;
        ObjectNode event = Json.object().put("type", "message_start");
        ObjectNode message = event.putObject("message");
        message.put("id", MessagesAnswerMapper.messageId(chunkId)).put("type", "message").put("role", "assistant")
                .put("model", model);
        message.putArray("content");
        message.putNull("stop_reason").putNull("stop_sequence");
        message.putObject("usage").put("input_tokens", inputEstimate).put("cache_creation_input_tokens", 0)
                .put("cache_read_input_tokens", 0).put("output_tokens", 0);
        sink.accept(frame("message_start", event));
        sink.accept(frame("ping", Json.object().put("type", "ping")));
    }

    private void append(Kind kind, String deltaType, String field, String piece, Consumer<String> sink) {
        if (open != kind) {
            close(sink);
            ObjectNode block = Json.object().put("type", kind == Kind.TEXT ? "text" : "thinking").put(field, "");
            if (kind == Kind.THINKING) {
                block.put("signature", ""); // no Anthropic signature for another provider's reasoning
            }
            openBlock(kind, block, sink);
        }
        delta(Json.object().put("type", deltaType).put(field, piece), sink);
        outputEstimate += tokens.applyAsInt(piece);
    }

    private void toolCall(JsonNode call, Consumer<String> sink) {
        int index = call.path("index").asInt(toolBlocks.size());
        Integer block = toolBlocks.get(index);
        if (block == null) {
            close(sink);
            String id = call.path("id").asText("");
            ObjectNode use = Json.object().put("type", "tool_use")
                    .put("id", id.isEmpty() ? "toolu_" + UUID.randomUUID().toString().replace("-", "") : id)
                    .put("name", call.path("function").path("name").asText(""));
            use.putObject("input");
            openBlock(Kind.TOOL, use, sink);
            toolBlocks.put(index, openIndex);
        } else if (open != Kind.TOOL || block != openIndex) {
            // the chat form streams one call after the other; a piece of a call already closed cannot be placed
            throw new IllegalStateException("the provider went back to tool call " + index + " after another block");
        }
        String piece = call.path("function").path("arguments").asText("");
        if (!piece.isEmpty()) {
            delta(Json.object().put("type", "input_json_delta").put("partial_json", piece), sink);
            outputEstimate += tokens.applyAsInt(piece);
        }
    }

    private void openBlock(Kind kind, ObjectNode block, Consumer<String> sink) {
        open = kind;
        openIndex = blocks++;
        ObjectNode event = Json.object().put("type", "content_block_start").put("index", openIndex);
        event.set("content_block", block);
        sink.accept(frame("content_block_start", event));
    }

    private void delta(ObjectNode delta, Consumer<String> sink) {
        ObjectNode event = Json.object().put("type", "content_block_delta").put("index", openIndex);
        event.set("delta", delta);
        sink.accept(frame("content_block_delta", event));
    }

    private void close(Consumer<String> sink) {
        if (open == null) {
            return;
        }
        sink.accept(frame("content_block_stop", Json.object().put("type", "content_block_stop")
                .put("index", openIndex)));
        open = null;
    }

    /** One SSE frame: the event's name and its JSON. */
    static String frame(String event, JsonNode data) {
        return "event: " + event + "\ndata: " + Json.text(data) + "\n\n";
    }
}

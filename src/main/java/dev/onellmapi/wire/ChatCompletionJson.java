package dev.onellmapi.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.Json;

import java.util.UUID;

/**
 * The OpenAI documents the providers build from their own answers: a whole {@code chat.completion}, its choices, and
 * the {@code chat.completion.chunk}s of a stream. Written once here so every provider emits the same shape.
 */
public final class ChatCompletionJson {
    private ChatCompletionJson() {
    }

    public static String newId() {
        return "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
    }

    public static long now() {
        return System.currentTimeMillis() / 1000;
    }

    /** A {@code chat.completion} with an empty {@code choices} array for the caller to fill. */
    public static ObjectNode completion(String model) {
        ObjectNode completion = Json.object();
        completion.put("id", newId());
        completion.put("object", "chat.completion");
        completion.put("created", now());
        completion.put("model", model);
        completion.putArray("choices");
        return completion;
    }

    /** An assistant message; {@code content} stays null (not "") when the answer is tool calls only, as OpenAI's. */
    public static ObjectNode choice(int index, String content, ArrayNode toolCalls, String refusal,
                                    String finishReason) {
        ObjectNode choice = Json.object();
        choice.put("index", index);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", content);
        if (refusal != null) {
            message.put("refusal", refusal);
        }
        if (toolCalls != null && !toolCalls.isEmpty()) {
            message.set("tool_calls", toolCalls);
        }
        choice.put("finish_reason", finishReason);
        return choice;
    }

    public static ObjectNode usage(long prompt, long completion, long total) {
        ObjectNode usage = Json.object();
        usage.put("prompt_tokens", prompt);
        usage.put("completion_tokens", completion);
        usage.put("total_tokens", total);
        return usage;
    }

    /** One tool call, {@code arguments} as the JSON string OpenAI clients parse. */
    public static ObjectNode toolCall(String id, String name, JsonNode args) {
        ObjectNode call = Json.object();
        call.put("id", id);
        call.put("type", "function");
        ObjectNode function = call.putObject("function");
        function.put("name", name);
        function.put("arguments", args == null || args.isNull() || args.isMissingNode() ? "{}" : Json.text(args));
        return call;
    }

    /** Gemini function calls have no id (or one the client never saw): OpenAI clients need one to answer. */
    public static String newToolCallId() {
        return "call_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }

    /** One stream chunk for choice {@code index}; {@code delta} may be empty, {@code finishReason} null. */
    public static String chunk(String id, long created, String model, int index, ObjectNode delta,
                               String finishReason) {
        return Json.text(chunkNode(id, created, model, index, delta, finishReason));
    }

    /** The same chunk as a tree, for a caller that adds to its choice. */
    public static ObjectNode chunkNode(String id, long created, String model, int index, ObjectNode delta,
                                       String finishReason) {
        ObjectNode chunk = chunkHead(id, created, model);
        ObjectNode choice = ((ArrayNode) chunk.get("choices")).addObject();
        choice.put("index", index);
        choice.set("delta", delta);
        choice.put("finish_reason", finishReason);
        return chunk;
    }

    /** The {@code include_usage} chunk: no choices, the usage of the whole answer. */
    public static String usageChunk(String id, long created, String model, ObjectNode usage) {
        return Json.text(usageChunkNode(id, created, model, usage));
    }

    public static ObjectNode usageChunkNode(String id, long created, String model, ObjectNode usage) {
        ObjectNode chunk = chunkHead(id, created, model);
        chunk.set("usage", usage);
        return chunk;
    }

    private static ObjectNode chunkHead(String id, long created, String model) {
        ObjectNode chunk = Json.object();
        chunk.put("id", id);
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", created);
        chunk.put("model", model);
        chunk.putArray("choices");
        return chunk;
    }
}

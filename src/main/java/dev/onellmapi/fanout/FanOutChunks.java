package dev.onellmapi.fanout;

import dev.onellmapi.usage.UsageSum;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.ApiError;
import dev.onellmapi.wire.Json;
import dev.onellmapi.wire.ChatCompletionJson;
import dev.onellmapi.chat.ProviderCall;

/**
 * Chunks of a multi-model stream: each model's chunks carry its requested name as {@code model} and its position in
 * the request's list as every choice's {@code index}, so clients that accumulate by index keep the answers apart.
 */
public final class FanOutChunks {
    private FanOutChunks() {
    }

    /**
     * The chunk retagged; its usage, when {@code usage} is set (the client asked for it), is taken out and added to the
     * request's sum, sent once at the end ({@link #usageChunk}). Null when nothing else is left of the chunk.
     */
    public static String retag(String chunkJson, ProviderCall call, UsageSum usage) {
        ObjectNode chunk = Json.parseObjectOrNull(chunkJson);
        if (chunk == null) {
            return chunkJson;
        }
        JsonNode own = chunk.get("usage");
        if (usage != null && own != null && !own.isNull()) {
            usage.add(call.position(), call.target().requested(), chunk.remove("usage"));
            if (chunk.path("choices").isEmpty()) {
                return null;
            }
        }
        chunk.put("model", call.target().requested());
        for (JsonNode choice : chunk.path("choices")) {
            if (choice instanceof ObjectNode c) {
                c.put("index", call.position());
            }
        }
        return Json.text(chunk);
    }

    /**
     * The one usage chunk of a multi-model stream: the sum of the models' usage, as OpenAI's {@code include_usage}
     * chunk (no choices, {@code model} the request's list), with each model's own figures in {@code usage_per_model}.
     */
    public static String usageChunk(String requestedModels, UsageSum usage) {
        ObjectNode chunk = ChatCompletionJson.usageChunkNode(ChatCompletionJson.newId(), ChatCompletionJson.now(),
                requestedModels, usage.total());
        chunk.set("usage_per_model", usage.perModel());
        return Json.text(chunk);
    }

    /**
     * A failed model's last chunk: {@code finish_reason: "error"} with the error inside the choice. Not at the top
     * level: the OpenAI SDKs abort the whole stream on a top-level {@code error}, and the other models go on.
     */
    public static String error(ProviderCall call, ApiError error) {
        ObjectNode chunk = ChatCompletionJson.chunkNode("chatcmpl-error-" + call.position(), ChatCompletionJson.now(),
                call.target().requested(), call.position(), Json.object(), "error");
        ((ObjectNode) chunk.path("choices").path(0)).set("error", error.body());
        return Json.text(chunk);
    }
}

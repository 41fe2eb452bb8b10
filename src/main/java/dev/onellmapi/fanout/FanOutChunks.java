package dev.onellmapi.fanout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.http.ApiError;
import dev.onellmapi.json.Json;
import dev.onellmapi.provider.ChatCompletionJson;
import dev.onellmapi.provider.ProviderCall;

/**
 * Chunks of a multi-model stream: each model's chunks carry its requested name as {@code model} and its position in
 * the request's list as every choice's {@code index}, so clients that accumulate by index keep the answers apart.
 */
public final class FanOutChunks {
    private FanOutChunks() {
    }

    public static String retag(String chunkJson, ProviderCall call) {
        ObjectNode chunk = Json.parseObjectOrNull(chunkJson);
        if (chunk == null) {
            return chunkJson;
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

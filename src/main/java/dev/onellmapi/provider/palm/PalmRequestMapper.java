package dev.onellmapi.provider.palm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.Json;
import dev.onellmapi.chat.ProviderCall;
import dev.onellmapi.provider.ProviderOverrides;
import dev.onellmapi.provider.UpstreamRequest;
import dev.onellmapi.provider.gemini.StopSequences;
import org.apache.camel.Exchange;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * PaLM request mapping: {@code text-bison-*} models → {@code {PALM_API_BASE}/v1beta2/models/{model}:generateText}
 * with the conversation flattened by {@link PalmTextPrompt}; every other {@code *bison*} model (chat-bison-*) →
 * {@code :generateMessage} with {@link PalmMessagePrompt}. PaLM has no streaming endpoint, so a streamed request calls
 * the same endpoint and {@link PalmAnswerAsEvent} hands the whole answer to the stream mapper. The key goes in
 * {@code x-goog-api-key}, never in the URL.
 */
public final class PalmRequestMapper {
    public void map(Exchange exchange) {
        ProviderCall call = exchange.getMessage().getBody(ProviderCall.class);
        String model = call.target().upstreamModel();
        ObjectNode request = ProviderOverrides.body(call);
        boolean text = isTextModel(model);
        String url = ProviderOverrides.base(call) + "/v1beta2/models/" + URLEncoder.encode(model, StandardCharsets.UTF_8)
                + (text ? ":generateText" : ":generateMessage");
        UpstreamRequest.post(exchange, call, url, text ? textBody(request) : messageBody(request),
                ProviderOverrides.headers(exchange, call));
        // PaLM cannot stream: its whole answer is read, even for a streamed request (PalmAnswerAsEvent)
        exchange.getMessage().setHeader("Accept", "application/json");
    }

    static boolean isTextModel(String model) {
        return model.startsWith("text-bison");
    }

    /** generateMessage takes no length limit nor stop sequences: those two are left out rather than refused. */
    private static ObjectNode messageBody(ObjectNode request) {
        ObjectNode body = Json.object();
        body.set("prompt", PalmMessagePrompt.of(request.path("messages")));
        sampling(request, body);
        return body;
    }

    private static ObjectNode textBody(ObjectNode request) {
        ObjectNode body = Json.object();
        body.putObject("prompt").put("text", PalmTextPrompt.of(request.path("messages")));
        sampling(request, body);
        JsonNode max = request.hasNonNull("max_completion_tokens") ? request.get("max_completion_tokens")
                : request.get("max_tokens");
        if (max != null && !max.isNull()) {
            body.set("maxOutputTokens", max);
        }
        ArrayNode stop = StopSequences.from(request.get("stop"));
        if (stop != null) {
            body.set("stopSequences", stop);
        }
        return body;
    }

    private static void sampling(ObjectNode request, ObjectNode body) {
        copy(request, "temperature", body, "temperature");
        copy(request, "top_p", body, "topP");
        copy(request, "n", body, "candidateCount");
    }

    private static void copy(ObjectNode from, String field, ObjectNode to, String target) {
        JsonNode value = from.get(field);
        if (value != null && !value.isNull()) {
            to.set(target, value);
        }
    }
}

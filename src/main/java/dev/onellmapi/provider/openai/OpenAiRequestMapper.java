package dev.onellmapi.provider.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.Json;
import dev.onellmapi.chat.ProviderCall;
import dev.onellmapi.provider.ProviderOverrides;
import dev.onellmapi.provider.UpstreamRequest;
import org.apache.camel.Exchange;

/**
 * OpenAI request mapping: the client's body goes on untouched but for {@code model} (the name without an
 * {@code openai/} prefix), to {@code {OPENAI_API_BASE}/chat/completions} with the OpenAI key.
 */
public final class OpenAiRequestMapper {
    /** To the built-in OpenAI, or to a configured OpenAI-compatible server (its base URL, its key of this call). */
    public void map(Exchange exchange) {
        ProviderCall call = exchange.getMessage().getBody(ProviderCall.class);
        UpstreamRequest.post(exchange, call, ProviderOverrides.base(call) + "/chat/completions", withModel(call),
                ProviderOverrides.headers(exchange, call));
    }

    /**
     * The body with the upstream model name: the client's own bytes when the name is the same (nothing parsed
     * serialized again), a copy otherwise (a prefix, an Azure alias).
     */
    public static byte[] withModel(ProviderCall call) {
        ObjectNode body = call.chat().body();
        String model = call.target().upstreamModel();
        boolean overrides = ProviderOverrides.changes(call.target().instance(), body);
        if (!overrides && model.equals(body.path("model").asText())) {
            return call.chat().raw();
        }
        ObjectNode copy = body.deepCopy();
        copy.put("model", model);
        ProviderOverrides.apply(call.target().instance(), copy);
        return Json.bytes(copy);
    }
}

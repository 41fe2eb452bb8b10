package dev.onellmapi.frontdoor.responses;

import dev.onellmapi.config.GatewayConfig;
import dev.onellmapi.json.Json;
import dev.onellmapi.provider.ProviderCall;
import dev.onellmapi.provider.ProviderOverrides;
import dev.onellmapi.provider.ProviderReply;
import dev.onellmapi.provider.UpstreamErrors;
import dev.onellmapi.provider.UpstreamRequest;
import dev.onellmapi.provider.openai.OpenAiResponseMapper;
import dev.onellmapi.streaming.StreamMapper;
import org.apache.camel.Exchange;

import java.util.Map;

/**
 * A Responses request for a provider whose API has it: to {@code <base>/responses} with the client's bytes (only the
 * model replaced), the answer handed on as the provider's bytes, the stream event by event.
 */
public final class ResponsesPassThroughCall extends OpenAiResponseMapper {
    private final String url;
    private final Map<String, String> headers;

    public ResponsesPassThroughCall(GatewayConfig config) {
        this.url = config.openAiBase() + "/responses";
        this.headers = Map.of("Authorization", "Bearer " + config.openAiKey());
    }

    /** The request half (a bean step before the upstream call). */
    public void request(Exchange exchange) {
        ProviderCall call = exchange.getMessage().getBody(ProviderCall.class);
        String to = ProviderOverrides.base(call, null) == null ? url : ProviderOverrides.base(call, null)
                + "/responses";
        Map<String, String> all = new java.util.HashMap<>(ProviderOverrides.headers(exchange, call, headers));
        all.putAll(exchange.getProperty(ResponsesDoor.Call.PROPERTY, ResponsesDoor.Call.class).forwarded);
        UpstreamRequest.post(exchange, call, to, call.chat().raw(), all);
    }

    @Override
    protected ProviderReply.Complete complete(ProviderCall call, byte[] body) {
        if (!Json.isWholeObject(body)) {
            throw UpstreamErrors.invalidAnswer(call.getProvider());
        }
        return new ProviderReply.Complete(call, body);
    }

    @Override
    protected StreamMapper streamMapper(ProviderCall call) {
        return new ResponsesRelayMapper(call.getProvider());
    }
}

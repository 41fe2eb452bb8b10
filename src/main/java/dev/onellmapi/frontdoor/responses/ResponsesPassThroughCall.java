package dev.onellmapi.frontdoor.responses;

import dev.onellmapi.model.Placement;
import dev.onellmapi.wire.ApiError;
import dev.onellmapi.wire.Json;
import dev.onellmapi.chat.ProviderCall;
import dev.onellmapi.provider.ProviderOverrides;
import dev.onellmapi.chat.ProviderReply;
import dev.onellmapi.provider.UpstreamErrors;
import dev.onellmapi.provider.UpstreamRequest;
import dev.onellmapi.provider.openai.OpenAiResponseMapper;
import dev.onellmapi.wire.StreamMapper;
import org.apache.camel.Exchange;

import java.util.Map;

/**
 * A Responses request for a provider whose API has it: to {@code <base>/responses} with the client's bytes (only the
 * model replaced), the answer handed on as the provider's bytes, the stream event by event.
 */
public final class ResponsesPassThroughCall extends OpenAiResponseMapper {
    private final ResponsesDoor door;

    public ResponsesPassThroughCall(ResponsesDoor door) {
        this.door = door;
    }

    /** The request half (a bean step before the upstream call). */
    public void request(Exchange exchange) {
        ProviderCall call = exchange.getMessage().getBody(ProviderCall.class);
        if (!door.hasResponses(call.target())) {
            // a MODEL_FALLBACKS model of another API: the client's Responses body means nothing to it
            throw new ApiError(502, "upstream_error", "fallback_without_responses", "model", "The fallback model '"
                    + call.target().requested() + "' has no Responses API; a passed-through request falls back "
                    + "only to models that have it.", null);
        }
        Placement placement = call.target().placement();
        // a placement's own endpoint and key (an Azure resource's), the name there as the body's model
        String to = placement != null ? placement.type().responsesUrl(placement)
                : ProviderOverrides.base(call) + "/responses";
        Map<String, String> all = new java.util.HashMap<>(placement != null ? placement.headers()
                : ProviderOverrides.headers(exchange, call));
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

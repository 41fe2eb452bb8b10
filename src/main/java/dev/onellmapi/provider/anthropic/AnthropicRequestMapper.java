package dev.onellmapi.provider.anthropic;

import dev.onellmapi.request.PassThrough;
import dev.onellmapi.request.RequestContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.Json;
import dev.onellmapi.chat.ProviderCall;
import dev.onellmapi.provider.ProviderOverrides;
import dev.onellmapi.provider.UpstreamRequest;
import org.apache.camel.Exchange;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/**
 * Anthropic request mapping: an OpenAI chat request becomes {@code POST {ANTHROPIC_API_BASE}/v1/messages}. The
 * conversation is rebuilt by {@link AnthropicConversation}, tools by {@link AnthropicToolMapping}; the sampling
 * parameters are translated here. The client's body is only read, never changed (it is shared between models).
 */
public final class AnthropicRequestMapper {
    private final int defaultMaxTokens;

    /** @param defaultMaxTokens sent when the client gives none: Anthropic refuses a request without it */
    public AnthropicRequestMapper(int defaultMaxTokens) {
        this.defaultMaxTokens = defaultMaxTokens;
    }

    public void map(Exchange exchange) {
        ProviderCall call = exchange.getMessage().getBody(ProviderCall.class);
        // set first: a request refused below must still be answered as this model's failure
        RequestContext context = RequestContext.of(exchange);
        context.providerCall(call);
        String base = ProviderOverrides.base(call);
        PassThrough passThrough = context.passThrough();
        if (passThrough != null) { // the Messages door's request for Claude: its bytes, its anthropic-* headers
            Map<String, String> sent = new HashMap<>(ProviderOverrides.headers(exchange, call));
            sent.putAll(passThrough.headers());
            UpstreamRequest.post(exchange, call, base + passThrough.path(),
                    passThrough.body().apply(call.target().upstreamModel()), sent);
            return;
        }
        UpstreamRequest.post(exchange, call, base + "/v1/messages", toAnthropic(call),
                ProviderOverrides.headers(exchange, call));
    }

    ObjectNode toAnthropic(ProviderCall call) {
        ObjectNode in = ProviderOverrides.body(call); // validated before (dev.onellmapi.validation)
        ObjectNode out = Json.object();
        out.put("model", call.target().upstreamModel());
        AnthropicConversation conversation = AnthropicConversation.of(in.path("messages"));
        if (!conversation.system().isEmpty()) {
            out.set("system", conversation.system());
        }
        out.set("messages", conversation.messages());
        out.put("max_tokens", maxTokens(in));
        if (in.hasNonNull("temperature")) {
            out.put("temperature", temperature(in.get("temperature")));
        }
        if (in.hasNonNull("top_p")) {
            out.set("top_p", in.get("top_p"));
        }
        ArrayNode stops = stopSequences(in.get("stop"));
        if (!stops.isEmpty()) {
            out.set("stop_sequences", stops);
        }
        if (in.hasNonNull("user")) {
            out.putObject("metadata").put("user_id", in.get("user").asText());
        }
        AnthropicToolMapping.addTools(in, out);
        AnthropicThinking.apply(in, out);
        AnthropicStructuredOutput.apply(in, out, call.target().upstreamModel());
        if (call.chat().stream()) {
            out.put("stream", true);
        }
        return out;
    }

    private int maxTokens(ObjectNode in) {
        JsonNode value = in.hasNonNull("max_completion_tokens") ? in.get("max_completion_tokens") : in.get("max_tokens");
        return value != null && value.canConvertToInt() && value.asInt() > 0 ? value.asInt() : defaultMaxTokens;
    }

    /**
     * OpenAI allows 0..2, Anthropic 0..1. Values up to 1 mean the same on both sides and pass unchanged; above 1
     * (already "very random" for OpenAI) is capped at 1 rather than scaled, so the common 0.2..1 settings keep their
     * meaning.
     */
    static BigDecimal temperature(JsonNode value) {
        BigDecimal t = value.decimalValue();
        if (t.compareTo(BigDecimal.ONE) > 0) {
            return BigDecimal.ONE;
        }
        return t.signum() < 0 ? BigDecimal.ZERO : t;
    }

    /** {@code stop} as a string or a list; entries of whitespace only are dropped (Anthropic rejects them). */
    static ArrayNode stopSequences(JsonNode stop) {
        ArrayNode out = Json.array();
        if (stop == null || stop.isNull()) {
            return out;
        }
        if (stop.isTextual()) {
            addStop(out, stop.asText());
        }
        for (JsonNode entry : stop) {
            addStop(out, entry.asText());
        }
        return out;
    }

    private static void addStop(ArrayNode out, String value) {
        if (!value.isBlank()) {
            out.add(value);
        }
    }
}

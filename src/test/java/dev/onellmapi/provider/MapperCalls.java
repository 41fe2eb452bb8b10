package dev.onellmapi.provider;

import dev.onellmapi.request.RequestContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.chat.ChatRequest;
import dev.onellmapi.chat.ProviderCall;
import dev.onellmapi.chat.ProviderReply;
import dev.onellmapi.model.ModelTarget;
import dev.onellmapi.model.Placements;
import dev.onellmapi.model.ProviderInstance;
import dev.onellmapi.model.ProviderKeys;
import dev.onellmapi.model.ProviderType;
import dev.onellmapi.wire.Json;
import dev.onellmapi.wire.SseEvent;
import dev.onellmapi.wire.StreamMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a provider's mapper unit tests need, with no server and no gateway: one model's call as the chat route hands it
 * to a provider route (the built-in provider of a type, its base URL and key), the exchange of its request step, and
 * the exchange of its answer as the HTTP call leaves it.
 */
public final class MapperCalls {
    private static final CamelContext CAMEL = new DefaultCamelContext();

    private MapperCalls() {
    }

    /** The call of {@code body}'s model to the built-in provider of {@code type} at {@code base} with {@code key}. */
    public static ProviderCall call(ProviderType type, String base, String key, String body) {
        ObjectNode request = object(body);
        String model = request.path("model").asText();
        ProviderInstance instance = new ProviderInstance(type.id(), type, base, new ProviderKeys(type.id(),
                List.of(key), List.of(ProviderKeys.headers(type.auth(key), Map.of())), 60), type.namePatterns(),
                Map.of(), Set.of(), 0, true, type.responsesApi(), Placements.NONE);
        ModelTarget target = new ModelTarget(type, model, model, null, instance, model);
        return new ProviderCall(0, target, new ChatRequest(request, body.getBytes(StandardCharsets.UTF_8),
                request.path("stream").asBoolean(false), List.of(target)));
    }

    /** The exchange a request mapper gets: the call as its body. */
    public static Exchange toSend(ProviderCall call) {
        Exchange exchange = new DefaultExchange(CAMEL);
        exchange.getMessage().setBody(call);
        return exchange;
    }

    public static String url(Exchange sent) {
        return sent.getMessage().getHeader(Exchange.HTTP_URI, String.class);
    }

    public static JsonNode body(Exchange sent) {
        return parse(new String(sent.getMessage().getBody(byte[].class), StandardCharsets.UTF_8));
    }

    /** The exchange a response mapper gets: the provider's status and whole body. */
    public static Exchange answered(ProviderCall call, int status, String body) {
        Exchange exchange = new DefaultExchange(CAMEL);
        RequestContext.of(exchange).providerCall(call);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setBody(body.getBytes(StandardCharsets.UTF_8));
        return exchange;
    }

    /** The answer of a {@link ProviderReply.Complete}, as the client would get it. */
    public static JsonNode complete(ProviderReply reply) {
        return ((ProviderReply.Complete) reply).node();
    }

    /** The OpenAI chunks a stream mapper makes of {@code events}, its end included. */
    public static List<JsonNode> chunks(StreamMapper mapper, SseEvent... events) {
        List<JsonNode> chunks = new ArrayList<>();
        for (SseEvent event : events) {
            if (!mapper.onEvent(event, json -> chunks.add(parse(json)))) {
                break;
            }
        }
        mapper.onEnd(json -> chunks.add(parse(json)));
        return chunks;
    }

    /** The text of {@code chunks}' first choice, run together. */
    public static String text(List<JsonNode> chunks) {
        StringBuilder text = new StringBuilder();
        chunks.forEach(chunk -> text.append(chunk.at("/choices/0/delta/content").asText("")));
        return text.toString();
    }

    private static ObjectNode object(String json) {
        return (ObjectNode) parse(json);
    }

    private static JsonNode parse(String json) {
        try {
            return Json.parse(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

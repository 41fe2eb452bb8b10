package dev.onellmapi.frontdoor.chat;

import dev.onellmapi.request.RequestContext;
import dev.onellmapi.chat.ChatRequest;
import dev.onellmapi.wire.ApiError;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.settings.GatewayConfig;
import dev.onellmapi.usage.UsageSum;
import dev.onellmapi.wire.Json;
import dev.onellmapi.reload.LiveConfig;
import dev.onellmapi.model.ModelTarget;
import dev.onellmapi.chat.ProviderCall;
import dev.onellmapi.streaming.ClientStream;
import dev.onellmapi.streaming.StreamWatchdog;
import dev.onellmapi.usage.StreamUsage;
import dev.onellmapi.frontdoor.chat.TranslatedRequestCheck;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses and validates a chat completion request, resolves its models (all of them, before anything is sent) and
 * leaves in the request's context the {@link ChatRequest} and a {@link ClientStream} when it streams, in the
 * exchange property {@code fanOut} the route's choice, and as body one {@link ProviderCall} per model (a list when
 * there are several).
 */
public final class ChatRequestReader {
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");

    private final LiveConfig live;
    private final StreamWatchdog watchdog;
    private final int maxBodyBytes;

    public ChatRequestReader(GatewayConfig config, LiveConfig live, StreamWatchdog watchdog) {
        this.live = live;
        this.watchdog = watchdog;
        this.maxBodyBytes = config.maxBodyBytes();
    }

    public void read(Exchange exchange) {
        byte[] bytes = exchange.getMessage().getBody(byte[].class);
        if (bytes == null || bytes.length == 0) {
            String type = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, "", String.class);
            throw ApiError.invalidRequest(type.startsWith("application/x-www-form-urlencoded")
                    ? "The body was sent as a form; send it as JSON with 'Content-Type: application/json'."
                    : "The request body is empty; send a JSON object.", null);
        }
        if (bytes.length > maxBodyBytes) {
            throw tooLarge(maxBodyBytes);
        }
        ObjectNode body = parse(bytes);
        boolean stream = validate(body);
        RequestContext context = RequestContext.of(exchange);
        List<ModelTarget> targets = context.config(live).resolver().resolveAll(body.get("model").asText());
        TranslatedRequestCheck.check(body, stream, targets);
        boolean hidden = StreamUsage.askProvider(body, stream); // every stream's usage is counted
        context.usageHidden(hidden);
        ChatRequest chat = new ChatRequest(body, hidden ? Json.bytes(body) : bytes, stream, targets);
        context.chat(chat);
        exchange.setProperty("fanOut", chat.fanOut());
        if (chat.fanOut() && stream && !hidden) {
            context.usageSum(new UsageSum()); // shared by the split's copies of the exchange
        }
        if (stream && exchange.getMessage() instanceof HttpMessage http) {
            ClientStream client = new ClientStream(http.getResponse());
            watchdog.watch(client);
            context.clientStream(client);
        }
        if (chat.fanOut()) {
            List<ProviderCall> calls = new ArrayList<>(targets.size());
            for (int i = 0; i < targets.size(); i++) {
                calls.add(new ProviderCall(i, targets.get(i), chat));
            }
            exchange.getMessage().setBody(calls);
        } else {
            exchange.getMessage().setBody(new ProviderCall(0, targets.get(0), chat));
        }
    }

    public static ApiError tooLarge(int limit) {
        return new ApiError(413, "invalid_request_error", "request_too_large", null,
                "The request body is larger than this gateway accepts (" + limit + " bytes, MAX_REQUEST_BODY_BYTES).",
                null);
    }

    private static ObjectNode parse(byte[] bytes) {
        JsonNode node;
        try {
            node = Json.parseWhole(bytes); // one object: the pass-through sends these very bytes on
        } catch (IOException e) {
            throw ApiError.invalidRequest("We could not parse the JSON body of your request. (HINT: This likely means "
                    + "you aren't using your HTTP library correctly. The body must be a JSON object.)", null);
        }
        if (!(node instanceof ObjectNode object)) {
            throw ApiError.invalidRequest("The request body must be a JSON object.", null);
        }
        return object;
    }

    /** Checks what the gateway itself relies on; the providers check the rest. Returns {@code stream}. */
    private static boolean validate(ObjectNode body) {
        JsonNode model = body.get("model");
        if (model == null || model.isNull()) {
            throw ApiError.invalidRequest("You must provide a model parameter.", "model");
        }
        if (!model.isTextual() || model.asText().isBlank()) {
            throw ApiError.invalidRequest("'model' must be a non-empty string.", "model");
        }
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw ApiError.invalidRequest("'messages' must be a non-empty array.", "messages");
        }
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            JsonNode role = message.get("role");
            if (!message.isObject() || role == null || !role.isTextual() || !ROLES.contains(role.asText())) {
                throw ApiError.invalidRequest("messages[" + i + "] must be an object whose 'role' is one of "
                        + ROLES + ".", "messages[" + i + "].role");
            }
        }
        JsonNode stream = body.get("stream");
        if (stream != null && !stream.isNull() && !stream.isBoolean()) {
            throw ApiError.invalidRequest("'stream' must be a boolean.", "stream");
        }
        JsonNode options = body.get("stream_options");
        if (options != null && !options.isNull() && !options.isObject()) {
            throw ApiError.invalidRequest("'stream_options' must be an object.", "stream_options");
        }
        return stream != null && stream.asBoolean(false);
    }
}

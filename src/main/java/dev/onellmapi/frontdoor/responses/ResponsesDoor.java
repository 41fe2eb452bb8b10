package dev.onellmapi.frontdoor.responses;

import dev.onellmapi.request.AnswerStream;
import dev.onellmapi.request.RequestContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.settings.ResponsesConfig;
import dev.onellmapi.wire.ApiError;
import dev.onellmapi.chat.ChatRequest;
import dev.onellmapi.frontdoor.chat.ChatRequestReader;
import dev.onellmapi.wire.Json;
import dev.onellmapi.keys.VirtualKey;
import dev.onellmapi.reload.LiveConfig;
import dev.onellmapi.model.ModelTarget;
import dev.onellmapi.chat.ProviderCall;
import dev.onellmapi.chat.ProviderReply;
import dev.onellmapi.resilience.CircuitBreakers;
import dev.onellmapi.streaming.ClientStream;
import dev.onellmapi.streaming.StreamFormat;
import dev.onellmapi.streaming.StreamWatchdog;
import dev.onellmapi.frontdoor.chat.TranslatedRequestCheck;
import io.vertx.core.buffer.Buffer;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The Responses door's steps (routes/responses.yaml): read the request and decide where it goes (passed through to
 * a provider whose API has Responses, else translated through the chat form), load the conversation it continues,
 * answer (store it first), and GET / DELETE a stored response. The chat route's steps do the rest: limits, the
 * provider call with retries, fallbacks and breakers, the stream relay, the ledger.
 */
public final class ResponsesDoor {
    private static final int RETENTION_BATCH = 1000;

    private final LiveConfig live;
    private final StreamWatchdog watchdog;
    private final StoredResponses store;
    private final int maxBodyBytes;
    private final int retentionDays;

    public ResponsesDoor(LiveConfig live, StreamWatchdog watchdog, StoredResponses store, int maxBodyBytes,
                         ResponsesConfig config) {
        this.live = live;
        this.watchdog = watchdog;
        this.store = store;
        this.maxBodyBytes = maxBodyBytes;
        this.retentionDays = config.retentionDays();
    }

    /** One request through the door: what the steps after {@link #read} need. */
    static final class Call {
        static final String PROPERTY = "oneLlmApi.responsesCall";
        final ResponsesRequest request;
        final byte[] raw;
        final ModelTarget target;
        final boolean passThrough;
        final String keyId;
        /** The client's headers the provider documents (passed through only). */
        final java.util.Map<String, String> forwarded = new java.util.HashMap<>();
        final String id = ResponseObject.newId("resp_");
        final long createdAt = Instant.now().getEpochSecond();
        List<JsonNode> history = List.of();
        ChatTranslation translation;
        ResponsesStreamFormats.Translated format;

        Call(ResponsesRequest request, byte[] raw, ModelTarget target, boolean passThrough, String keyId) {
            this.request = request;
            this.raw = raw;
            this.target = target;
            this.passThrough = passThrough;
            this.keyId = keyId;
        }

        boolean stored() {
            return !passThrough && request.store();
        }
    }

    /** Parses, checks and resolves; leaves {@code responsesHistory} true when the conversation must be read. */
    public void read(Exchange exchange) {
        byte[] bytes = exchange.getMessage().getBody(byte[].class);
        if (bytes == null || bytes.length == 0) {
            throw ApiError.invalidRequest("The request body is empty; send a JSON object.", null);
        }
        if (bytes.length > maxBodyBytes) {
            throw ChatRequestReader.tooLarge(maxBodyBytes);
        }
        ResponsesRequest request = refusals(() -> ResponsesRequest.of(parse(bytes)));
        ModelTarget target = RequestContext.of(exchange).config(live).resolver().resolve(request.model());
        boolean passThrough = hasResponses(target);
        Call call = new Call(request, bytes, target, passThrough, keyId(exchange));
        if (passThrough && exchange.getMessage() instanceof HttpMessage http) {
            for (String name : ResponsesPassThrough.FORWARDED_HEADERS) {
                String value = http.getRequest().getHeader(name);
                if (value != null) {
                    call.forwarded.put(name, value);
                }
            }
        }
        exchange.setProperty(Call.PROPERTY, call);
        // a passed-through request may continue a conversation stored here (begun on another provider)
        boolean history = request.previousResponseId() != null && (!passThrough || retentionDays > 0);
        if (history && retentionDays == 0) {
            throw ApiError.invalidRequest("previous_response_id is not available for this model: this gateway "
                    + "stores no responses (RESPONSES_RETENTION_DAYS=0); send the whole input.",
                    "previous_response_id");
        }
        exchange.setProperty("responsesHistory", history);
    }

    /**
     * Whether the model's provider has the Responses API: OpenAI's own, Azure's with AZURE_OPENAI_RESPONSES, a
     * configured server with {@code gateway.providers.<name>.responses}.
     */
    boolean hasResponses(ModelTarget target) {
        return target.instance().responses();
    }

    private static ObjectNode parse(byte[] bytes) {
        try {
            if (Json.parseWhole(bytes) instanceof ObjectNode object) {
                return object;
            }
        } catch (IOException notJson) {
            // the same answer as for JSON that is no object
        }
        throw ApiError.invalidRequest("The request body must be a JSON object.", null);
    }

    /** Reads the conversation previous_response_id names (a database read: off the event loop). */
    public void loadHistory(Exchange exchange) throws SQLException {
        Call call = exchange.getProperty(Call.PROPERTY, Call.class);
        String previous = call.request.previousResponseId();
        List<StoredResponses.Stored> conversation = refusals(() -> {
            try {
                return store.conversation(call.keyId, previous);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        if (conversation == null && call.passThrough) {
            return; // the provider's own response, for the provider to find
        }
        if (conversation == null) {
            throw new ApiError(404, "invalid_request_error", "previous_response_not_found", "previous_response_id",
                    "Previous response with id '" + previous + "' not found.", null);
        }
        call.history = StoredResponses.history(conversation);
    }

    /** Builds the chat request the pipeline runs (the client's body itself when passed through). */
    public void prepare(Exchange exchange) {
        Call call = exchange.getProperty(Call.PROPERTY, Call.class);
        boolean stream = call.request.stream();
        ChatRequest chat;
        StreamFormat format;
        if (call.passThrough) {
            ObjectNode body = call.request.body().deepCopy().put("model", call.target.upstreamModel());
            byte[] raw = ResponsesPassThrough.withModel(call.raw, call.target.upstreamModel());
            if (!call.history.isEmpty()) { // a conversation stored here: its items sent before the input
                body.set("input", ResponsesPassThrough.inline(call.history, ResponsesRequestMapper.inputItems(
                        body.get("input"))));
                body.remove("previous_response_id");
                raw = Json.bytes(body);
            }
            chat = new ChatRequest(body, raw, stream, List.of(call.target));
            format = new ResponsesStreamFormats.Relayed();
            exchange.setProperty(CircuitBreakers.RESPONSES_PASS_THROUGH, true);
        } else {
            call.translation = refusals(() -> ResponsesRequestMapper.map(call.request, call.history));
            ObjectNode body = call.translation.chat();
            try {
                TranslatedRequestCheck.check(body, stream, List.of(call.target));
            } catch (ApiError e) {
                throw new ApiError(e.status(), "invalid_request_error", e.code(),
                        ResponsesErrors.param(e.body().path("param").asText(null)), e.getMessage(), null);
            }
            chat = new ChatRequest(body, Json.bytes(body), stream, List.of(call.target));
            call.format = new ResponsesStreamFormats.Translated(call.request, call.translation, call.id,
                    call.createdAt);
            format = call.format;
            if (!call.translation.ignored().isEmpty() && exchange.getMessage() instanceof HttpMessage http) {
                http.getResponse().putHeader(ChatTranslation.IGNORED_HEADER, String.join(",", call.translation.ignored()));
            }
        }
        RequestContext context = RequestContext.of(exchange);
        context.chat(chat);
        context.clientApi("responses");
        String session = exchange.getMessage().getHeader("session-id", String.class); // Codex's, one per conversation
        if (session != null && !session.isBlank()) {
            context.sessionId(session); // sticky keys, and the ledger's session_id
        }
        exchange.setProperty("fanOut", false);
        if (stream && exchange.getMessage() instanceof HttpMessage http) {
            ClientStream client = new ClientStream(http.getResponse(), format);
            watchdog.watch(client);
            context.clientStream(client);
        }
        exchange.getMessage().setBody(new ProviderCall(0, call.target, chat));
    }

    /** Whether the answer is to be stored (the route leaves the event loop for it). */
    public boolean storing(Exchange exchange) {
        Call call = exchange.getProperty(Call.PROPERTY, Call.class);
        return call.stored() && retentionDays > 0
                && !(exchange.getMessage().getBody() instanceof ProviderReply.Failed);
    }

    /** The last step: the answer in the Responses API's shape, stored first when it is to be. */
    public void respond(Exchange exchange) throws SQLException {
        Call call = exchange.getProperty(Call.PROPERTY, Call.class);
        AnswerStream client = RequestContext.of(exchange).clientStream();
        ProviderReply reply = exchange.getMessage().getBody(ProviderReply.class);
        boolean save = storing(exchange);
        if (reply instanceof ProviderReply.Failed failed) {
            throw failed.error();
        }
        if (client != null) {
            exchange.getMessage().setBody(null);
            if (reply instanceof ProviderReply.Relayed relayed && relayed.error() != null) {
                return; // ended with its error event already
            }
            if (call.format != null && save) {
                store.save(call.keyId, call.format.close(), call.translation.input());
            }
            client.finish();
            return;
        }
        byte[] answer = ((ProviderReply.Complete) reply).bytes();
        if (!call.passThrough) {
            ObjectNode response = ResponsesResponseMapper.map(call.request, call.translation,
                    ((ProviderReply.Complete) reply).node(), call.id, call.createdAt);
            if (save) {
                store.save(call.keyId, response, call.translation.input());
            }
            answer = Json.bytes(response);
        }
        exchange.getMessage().getHeaders().clear();
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(Buffer.buffer(answer));
    }

    /** GET /v1/responses/{id}: the key's stored response. */
    public void get(Exchange exchange) throws SQLException {
        String id = exchange.getMessage().getHeader("id", String.class);
        StoredResponses.Stored stored = store.find(keyId(exchange), id);
        if (stored == null) {
            throw notFound(id);
        }
        json(exchange, stored.response());
    }

    /** DELETE /v1/responses/{id}: removes the key's stored response at once. */
    public void delete(Exchange exchange) throws SQLException {
        String id = exchange.getMessage().getHeader("id", String.class);
        if (!store.delete(keyId(exchange), id)) {
            throw notFound(id);
        }
        json(exchange, Json.object().put("id", id).put("object", "response").put("deleted", true));
    }

    /** Deletes the responses stored longer than RESPONSES_RETENTION_DAYS (a timer's step, off the event loop). */
    public void purge() throws SQLException {
        Instant before = Instant.now().minus(Duration.ofDays(retentionDays));
        int rounds = 0;
        while (store.deleteOlderThan(before, RETENTION_BATCH) == RETENTION_BATCH && ++rounds < 100) {
            // the next batch
        }
    }

    private static ApiError notFound(String id) {
        return new ApiError(404, "invalid_request_error", null, null, "Response with id '" + id + "' not found.",
                null);
    }

    private static void json(Exchange exchange, JsonNode body) {
        exchange.getMessage().getHeaders().clear();
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(Buffer.buffer(Json.bytes(body)));
    }

    /** The caller's key as the store keeps responses apart: a virtual key's id, or the master keys'. */
    private static String keyId(Exchange exchange) {
        VirtualKey key = RequestContext.of(exchange).virtualKey();
        return key == null ? VirtualKey.MASTER : key.id();
    }

    /** A refusal of this door's as the gateway's error answer. */
    private static <T> T refusals(java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (InvalidResponsesRequest e) {
            throw new ApiError(400, "invalid_request_error", e.code(), e.param(), e.getMessage(), null);
        }
    }
}

package dev.onellmapi.frontdoor.messages;

import dev.onellmapi.request.AnswerStream;
import dev.onellmapi.request.RequestContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.ApiError;
import dev.onellmapi.chat.ChatRequest;
import dev.onellmapi.frontdoor.chat.ChatRequestReader;
import dev.onellmapi.frontdoor.chat.ClientResponder;
import dev.onellmapi.frontdoor.chat.ErrorResponder;
import dev.onellmapi.wire.Json;
import dev.onellmapi.reload.LiveConfig;
import dev.onellmapi.model.ModelTarget;
import dev.onellmapi.chat.ProviderCall;
import dev.onellmapi.chat.ProviderReply;
import dev.onellmapi.request.PassThrough;
import dev.onellmapi.streaming.ClientStream;
import dev.onellmapi.streaming.StreamWatchdog;
import dev.onellmapi.usage.TokenEstimator;
import dev.onellmapi.frontdoor.chat.TranslatedRequestCheck;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Anthropic Messages front door ({@code POST /v1/messages}, {@code /v1/messages/count_tokens}): reads the
 * request into the gateway's one-model pipeline (a {@link ProviderCall}, so keys, limits, retries, fallbacks,
 * breakers, the ledger and metrics are the Chat Completions door's), and answers in Anthropic's shape. A Claude model
 * (an {@code anthropic}-type provider) gets the client's bytes, only {@code model} replaced, and its answer relayed
 * unmapped; any other model gets the request translated to the chat form and the answer translated back.
 */
public final class MessagesDoor {
    private static final String TRANSLATION = "oneLlmApi.messagesTranslation";
    private static final String REQUESTED = "oneLlmApi.messagesModel";
    /** The client's headers Anthropic documents for gateways: forwarded to Claude untouched. */
    private static final List<String> FORWARDED = List.of("anthropic-version", "anthropic-beta");

    private final LiveConfig live;
    private final StreamWatchdog watchdog;
    private final int maxBodyBytes;
    private final ClientResponder chatResponder = new ClientResponder();

    public MessagesDoor(LiveConfig live, StreamWatchdog watchdog, int maxBodyBytes) {
        this.live = live;
        this.watchdog = watchdog;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** {@code POST /v1/messages}: leaves the call as the body, and the stream (with Anthropic's framing). */
    public void read(Exchange exchange) {
        prepare(exchange, "/v1/messages");
    }

    /** {@code POST /v1/messages/count_tokens}: Claude counts its own; other models are estimated here. */
    public void countTokens(Exchange exchange) {
        if (prepare(exchange, "/v1/messages/count_tokens")) {
            exchange.setProperty("messagesCounted", true);
            return;
        }
        ChatTranslation translation = exchange.getProperty(TRANSLATION, ChatTranslation.class);
        exchange.setProperty("messagesCounted", false);
        writeJson(exchange.getMessage(), Json.bytes(Json.object().put("input_tokens",
                TokenEstimator.prompt(translation.chat()))));
    }

    /** @return true when the model is Claude (passed through) */
    private boolean prepare(Exchange exchange, String path) {
        byte[] bytes = exchange.getMessage().getBody(byte[].class);
        if (bytes == null || bytes.length == 0) {
            throw new InvalidMessagesRequest("body", "the request body is empty; send a JSON object");
        }
        if (bytes.length > maxBodyBytes) {
            throw ChatRequestReader.tooLarge(maxBodyBytes);
        }
        boolean counting = path.endsWith("count_tokens");
        RawMessagesBody raw = RawMessagesBody.read(bytes);
        if (raw.model().contains(",")) {
            throw new InvalidMessagesRequest("model", "several models in one request are a Chat Completions "
                    + "feature (POST /v1/chat/completions); the Messages API takes one model");
        }
        RequestContext context = RequestContext.of(exchange);
        ModelTarget target = context.config(live).resolver().resolveAll(raw.model()).get(0);
        context.clientApi("messages");
        String session = header(exchange.getMessage(), "x-claude-code-session-id");
        session = session != null ? session : header(exchange.getMessage(), "x-session-id");
        if (session != null && !session.isBlank()) {
            context.sessionId(session); // sticky keys: the provider's cache stays warm
        }
        exchange.setProperty(REQUESTED, raw.model());
        ObjectNode body = parse(bytes);
        boolean stream = raw.stream() && !counting;
        ChatRequest chat;
        boolean claude = target.provider().messagesApi();
        if (claude) {
            Map<String, String> headers = new LinkedHashMap<>();
            for (String name : FORWARDED) {
                String value = header(exchange.getMessage(), name);
                if (value != null) {
                    headers.put(name, value);
                }
            }
            // fallbacks keep to Claude: the body is in its API
            context.passThrough(new PassThrough(raw::withModel, headers, path, target.provider()));
            chat = new ChatRequest(body, bytes, stream, List.of(target));
        } else {
            if (counting) {
                body.put("max_tokens", body.path("max_tokens").asInt(1)); // count_tokens has no max_tokens
            }
            ChatTranslation translation = MessagesRequestMapper.toChat(body, new TranslatedModel(
                    target.provider(), target.upstreamModel()));
            exchange.setProperty(TRANSLATION, translation);
            if (counting) {
                return false;
            }
            TranslatedRequestCheck.check(translation.chat(), stream, List.of(target));
            chat = new ChatRequest(translation.chat(), Json.bytes(translation.chat()), stream, List.of(target));
        }
        context.chat(chat);
        exchange.setProperty("fanOut", false);
        if (stream && exchange.getMessage() instanceof HttpMessage http) {
            ClientStream client = new ClientStream(http.getResponse(), claude
                    ? new MessagesStreamFormats.PassedThrough()
                    : new MessagesStreamFormats.Translated(new MessagesStreamMapper(raw.model(),
                    TokenEstimator.prompt(chat.body()), TokenEstimator::count)));
            watchdog.watch(client);
            context.clientStream(client);
        }
        exchange.getMessage().setBody(new ProviderCall(0, target, chat));
        return claude;
    }

    /** The answer: the stream's end, or the whole message in Anthropic's shape. */
    public void respond(Exchange exchange) {
        ChatTranslation translation = exchange.getProperty(TRANSLATION, ChatTranslation.class);
        String ignored = translation == null ? null : translation.ignoredHeader();
        if (RequestContext.of(exchange).clientStream() != null) {
            chatResponder.respond(exchange);
            return;
        }
        ProviderReply reply = exchange.getMessage().getBody(ProviderReply.class);
        if (reply instanceof ProviderReply.Failed failed) {
            throw failed.error();
        }
        ProviderReply.Complete complete = (ProviderReply.Complete) reply;
        byte[] answer = translation == null ? complete.bytes() : Json.bytes(MessagesAnswerMapper.toMessage(
                complete.node(), exchange.getProperty(REQUESTED, String.class)));
        writeJson(exchange.getMessage(), answer);
        if (ignored != null) {
            exchange.getMessage().setHeader(IGNORED, ignored);
        }
    }

    /** The name of the header that says what was left out. */
    public static final String IGNORED = "x-one-llm-api-ignored";

    /**
     * The answer's own headers, set before a stream's head is written: what was left out, and the key's rate limits
     * under Anthropic's names ({@code anthropic-ratelimit-requests-limit}, ..., the reset as an RFC 3339 instant).
     */
    public void headers(Exchange exchange) {
        ChatTranslation translation = exchange.getProperty(TRANSLATION, ChatTranslation.class);
        if (!(exchange.getMessage() instanceof HttpMessage http)) {
            return;
        }
        if (translation != null && translation.ignoredHeader() != null) {
            http.getResponse().putHeader(IGNORED, translation.ignoredHeader());
        }
        anthropicRateLimits(http.getResponse().headers());
    }

    /** KeyLimits writes OpenAI's x-ratelimit-*; the minute's counters reset at the minute's end. */
    static void anthropicRateLimits(MultiMap headers) {
        String reset = Instant.ofEpochSecond((System.currentTimeMillis() / 60_000 + 1) * 60).toString();
        for (String kind : new String[] {"requests", "tokens"}) {
            String limit = headers.get("x-ratelimit-limit-" + kind);
            if (limit == null) {
                continue;
            }
            headers.set("anthropic-ratelimit-" + kind + "-limit", limit);
            headers.set("anthropic-ratelimit-" + kind + "-remaining", headers.get("x-ratelimit-remaining-" + kind));
            headers.set("anthropic-ratelimit-" + kind + "-reset", reset);
            for (String field : new String[] {"limit", "remaining", "reset"}) {
                headers.remove("x-ratelimit-" + field + "-" + kind);
            }
        }
    }

    /** Any failure, in Anthropic's shape (status kept; a started stream ends with {@code event: error}). */
    public void error(Exchange exchange) {
        if (exchange.getMessage() instanceof HttpMessage http) {
            anthropicRateLimits(http.getResponse().headers()); // a 429 of the key's limits says them too
        }
        RequestContext context = RequestContext.of(exchange);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        ApiError error = cause instanceof InvalidMessagesRequest invalid
                ? ApiError.invalidRequest(invalid.getMessage(), invalid.field()) : null;
        if (error == null) {
            // the chat door's responder decides the status and logs the gateway's own failures; a stream's framing
            // writes Anthropic's shape, a whole answer is rewritten in it here
            new ErrorResponder().respond(exchange);
            if (context.clientStream() == null) {
                Message message = exchange.getMessage();
                JsonNode openAi = parse(((Buffer) message.getBody()).getBytes()).path("error");
                int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 500, Integer.class);
                message.setBody(Buffer.buffer(Json.bytes(MessagesErrors.body(status,
                        openAi.path("message").asText(), context.requestId()))));
            }
            return;
        }
        AnswerStream stream = context.clientStream();
        if (stream != null) {
            stream.abandon(error);
            exchange.getMessage().setBody(null);
            return;
        }
        ErrorResponder.write(exchange.getMessage(), error);
        exchange.getMessage().setBody(Buffer.buffer(Json.bytes(MessagesErrors.body(400, error.getMessage(),
                context.requestId()))));
    }

    /** {@code GET /v1/models} for a request that carries {@code anthropic-version}: Anthropic's list shape. */
    public void modelList(Exchange exchange) {
        if (header(exchange.getMessage(), "anthropic-version") != null) {
            Object list = exchange.getMessage().getBody();
            writeJson(exchange.getMessage(), Json.bytes(MessagesModelList.of(parse(((Buffer) list).getBytes()))));
        }
    }

    private static ObjectNode parse(byte[] bytes) {
        try {
            return (ObjectNode) Json.parse(bytes);
        } catch (IOException | ClassCastException e) {
            throw new InvalidMessagesRequest("body", "the body is not a JSON object");
        }
    }

    private static String header(Message message, String name) {
        return message instanceof HttpMessage http ? http.getRequest().getHeader(name)
                : message.getHeader(name, String.class);
    }

    private static void writeJson(Message message, byte[] json) {
        message.getHeaders().clear();
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(Buffer.buffer(json));
    }
}

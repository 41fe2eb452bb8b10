package dev.onellmapi.provider;

import dev.onellmapi.request.RequestContext;
import dev.onellmapi.chat.ProviderCall;
import dev.onellmapi.chat.ProviderReply;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.ApiError;
import dev.onellmapi.wire.Json;
import dev.onellmapi.wire.StreamMapper;
import dev.onellmapi.wire.UpstreamStream;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The response half of a provider route, after the upstream call: a failure status becomes
 * {@link ProviderReply.Failed}, a stream is handed on unread with the provider's {@link StreamMapper}, a whole
 * answer ({@link UpstreamClient}'s bytes, already bounded) is mapped to OpenAI's shape.
 * Each provider supplies the three mappings.
 */
public abstract class ResponseMapper {
    private final String provider;

    protected ResponseMapper(String provider) {
        this.provider = provider;
    }

    public final ProviderReply map(Exchange exchange) {
        received(exchange);
        ProviderCall call = RequestContext.of(exchange).providerCall();
        Message message = exchange.getMessage();
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class);
        if (status >= 300) {
            return new ProviderReply.Failed(call, error(call, status, text(message.getBody()),
                    message.getHeader("Retry-After", String.class)));
        }
        ProviderReply passedThrough = passThrough(exchange, call, message.getBody());
        if (passedThrough != null) {
            return passedThrough;
        }
        if (call.chat().stream()) {
            Object body = message.getBody();
            return new ProviderReply.Streaming(call, body instanceof UpstreamStream live ? live
                    : UpstreamStream.of(message.getBody(byte[].class)), streamMapper(call));
        }
        byte[] answer = message.getBody(byte[].class);
        return complete(call, answer == null ? new byte[0] : answer);
    }

    /** A first look at the provider's answer, before it is read (PaLM's: a whole answer made a stream's event). */
    protected void received(Exchange exchange) {
    }

    /** The answer as a JSON object; anything else (cut short, HTML, empty, an array) is a 502 for the client. */
    protected final ObjectNode parseAnswer(byte[] body) {
        try {
            if (Json.parse(body) instanceof ObjectNode answer) {
                return answer;
            }
        } catch (IOException notJson) {
            // the same answer as for valid JSON that is not an object
        }
        throw UpstreamErrors.invalidAnswer(provider);
    }

    protected final String provider() {
        return provider;
    }

    protected abstract ApiError error(int status, String body, String retryAfter);

    /** The error of one call; a type that serves configured providers names the call's provider in it. */
    protected ApiError error(ProviderCall call, int status, String body, String retryAfter) {
        return error(status, body, retryAfter);
    }

    /** A successful answer relayed unmapped (a provider's own client API), or null to map it. */
    protected ProviderReply passThrough(Exchange exchange, ProviderCall call, Object body) {
        return null;
    }

    protected abstract ProviderReply.Complete complete(ProviderCall call, byte[] body);

    protected abstract StreamMapper streamMapper(ProviderCall call);

    /** An error answer's text ({@link UpstreamClient} reads error answers whole, streamed request or not). */
    private static String text(Object body) {
        return body instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : "";
    }
}

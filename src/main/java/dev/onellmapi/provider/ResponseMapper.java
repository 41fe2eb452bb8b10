package dev.onellmapi.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.config.GatewayConfig;
import dev.onellmapi.http.ApiError;
import dev.onellmapi.json.Json;
import dev.onellmapi.streaming.StreamMapper;
import dev.onellmapi.streaming.UpstreamBody;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The response half of a provider route, after camel-http: a failure status becomes {@link ProviderReply.Failed}, a
 * stream is handed on unread with the provider's {@link StreamMapper}, a whole answer is mapped to OpenAI's shape.
 * Each provider supplies the three mappings.
 */
public abstract class ResponseMapper {
    private final String provider;
    private final int maxBytes;

    protected ResponseMapper(String provider, GatewayConfig config) {
        this.provider = provider;
        this.maxBytes = config.maxResponseBytes();
    }

    public final ProviderReply map(Exchange exchange) throws IOException {
        ProviderCall call = exchange.getProperty(ProviderCall.PROPERTY, ProviderCall.class);
        Message message = exchange.getMessage();
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class);
        InputStream body = message.getBody(InputStream.class);
        if (status >= 300) {
            String text = body == null ? "" : readText(body);
            return new ProviderReply.Failed(call, error(status, text, message.getHeader("Retry-After", String.class)));
        }
        if (call.chat().stream()) {
            return new ProviderReply.Streaming(call, body, streamMapper(call));
        }
        return complete(call, body == null ? new byte[0] : readAll(body));
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

    protected abstract ProviderReply.Complete complete(ProviderCall call, byte[] body);

    protected abstract StreamMapper streamMapper(ProviderCall call);

    /** The whole answer, up to UPSTREAM_MAX_RESPONSE_BYTES: a provider never makes the gateway hold more. */
    private byte[] readAll(InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(maxBytes + 1);
        if (bytes.length > maxBytes) {
            UpstreamBody.abort(body);
            throw UpstreamErrors.tooLarge(provider, maxBytes);
        }
        return bytes;
    }

    private static String readText(InputStream body) throws IOException {
        try (body) {
            return new String(body.readNBytes(64 * 1024), StandardCharsets.UTF_8);
        }
    }
}

package dev.onellmapi.provider.palm;

import dev.onellmapi.provider.ProviderCall;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The palm route's step between the HTTP call and the response mapper. PaLM cannot stream; for a streamed request
 * its whole JSON answer is rewritten as one server-sent event ({@code data: {...}}), so the gateway's one stream path
 * (SSE reader, stream mapper, relay, {@code [DONE]}) serves PaLM too. Errors and non-streamed answers pass untouched.
 */
public final class PalmAnswerAsEvent {
    public void wrap(Exchange exchange) throws IOException {
        ProviderCall call = exchange.getProperty(ProviderCall.PROPERTY, ProviderCall.class);
        Message message = exchange.getMessage();
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class);
        if (call == null || !call.chat().stream() || status >= 300) {
            return;
        }
        InputStream body = message.getBody(InputStream.class);
        String json = body == null ? "{}" : readAll(body);
        // line breaks in JSON text are only whitespace between tokens (inside strings they are escaped): one data line
        String event = "data: " + json.replaceAll("[\r\n]+", " ") + "\n\n";
        message.setBody(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)));
    }

    private static String readAll(InputStream body) throws IOException {
        try (body) {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

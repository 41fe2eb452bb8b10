package dev.onellmapi.provider.palm;

import dev.onellmapi.request.RequestContext;
import dev.onellmapi.chat.ProviderCall;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.nio.charset.StandardCharsets;

/**
 * The first step of {@link PalmResponseMapper}. PaLM cannot stream; for a streamed request
 * its whole JSON answer is rewritten as one server-sent event ({@code data: {...}}), so the gateway's one stream path
 * (SSE reader, stream mapper, relay, {@code [DONE]}) serves PaLM too. Errors and non-streamed answers pass untouched.
 */
final class PalmAnswerAsEvent {
    private PalmAnswerAsEvent() {
    }

    static void wrap(Exchange exchange) {
        ProviderCall call = RequestContext.of(exchange).providerCall();
        Message message = exchange.getMessage();
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class);
        if (call == null || !call.chat().stream() || status >= 300) {
            return;
        }
        byte[] body = message.getBody(byte[].class);
        String json = body == null ? "{}" : new String(body, StandardCharsets.UTF_8);
        // line breaks in JSON text are only whitespace between tokens (inside strings they are escaped): one data line
        String event = "data: " + json.replaceAll("[\r\n]+", " ") + "\n\n";
        message.setBody(event.getBytes(StandardCharsets.UTF_8));
    }
}

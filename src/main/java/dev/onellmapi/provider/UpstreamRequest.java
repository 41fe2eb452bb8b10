package dev.onellmapi.provider;

import dev.onellmapi.request.RequestContext;
import dev.onellmapi.chat.ProviderCall;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.Json;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.http.HttpMethods;

import java.util.Map;

/**
 * Prepares the exchange for the call out ({@link UpstreamClient} for chat calls, camel-http for the model lists):
 * the URL travels in {@code CamelHttpUri} (no endpoint resolved per request), and every header of the client's
 * request is dropped first, so the gateway key and anything else the client sent never reach a provider.
 */
public final class UpstreamRequest {

    private UpstreamRequest() {
    }

    public static void post(Exchange exchange, ProviderCall call, String url, ObjectNode body,
                            Map<String, String> headers) {
        post(exchange, call, url, Json.bytes(body), headers);
    }

    public static void post(Exchange exchange, ProviderCall call, String url, byte[] body,
                            Map<String, String> headers) {
        Message message = prepare(exchange, call, HttpMethods.POST, url, headers);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setHeader("Accept", call.chat().stream() ? "text/event-stream" : "application/json");
        message.setBody(body);
    }

    public static void get(Exchange exchange, String url, Map<String, String> headers) {
        prepare(exchange, null, HttpMethods.GET, url, headers).setBody(null);
    }

    /** The method as camel-http's enum: a String would be converted on every call (a slow converter lookup). */
    private static Message prepare(Exchange exchange, ProviderCall call, HttpMethods method, String url,
                                   Map<String, String> headers) {
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_METHOD, method);
        message.setHeader(Exchange.HTTP_URI, url);
        headers.forEach(message::setHeader);
        if (call != null) {
            RequestContext.of(exchange).providerCall(call);
        }
        return message;
    }
}

package dev.onellmapi.admin;

import dev.onellmapi.request.RequestContext;
import com.fasterxml.jackson.databind.JsonNode;
import dev.onellmapi.wire.Json;
import io.vertx.core.buffer.Buffer;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Writes an admin answer: JSON, the status given, none of the request's headers echoed back, and never cached (a new
 * key's answer holds its secret; the others hold spend and names no cache should keep).
 */
final class AdminJson {
    private AdminJson() {
    }

    static void write(Exchange exchange, int status, JsonNode json) {
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        RequestContext.of(exchange).cacheControl("no-store");
        message.setBody(Buffer.buffer(Json.bytes(json)));
    }
}

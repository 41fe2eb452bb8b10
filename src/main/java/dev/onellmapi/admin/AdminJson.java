package dev.onellmapi.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.onellmapi.wire.Json;
import io.vertx.core.buffer.Buffer;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** Writes an admin answer: JSON, the status given, none of the request's headers echoed back. */
final class AdminJson {
    private AdminJson() {
    }

    static void write(Exchange exchange, int status, JsonNode json) {
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(Buffer.buffer(Json.bytes(json)));
    }
}

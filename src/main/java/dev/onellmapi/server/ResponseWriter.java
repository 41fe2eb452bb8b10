package dev.onellmapi.server;

import dev.onellmapi.request.RequestContext;
import dev.onellmapi.wire.ApiError;
import dev.onellmapi.frontdoor.chat.ChatRequestReader;
import dev.onellmapi.frontdoor.chat.ErrorResponder;
import dev.onellmapi.wire.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes a route's answer to the Vert.x response: the status from {@code CamelHttpResponseCode}, the message's
 * headers (Camel's own and request-only ones filtered out), the body as it is. A response the route already ended
 * (a stream) is left alone.
 */
final class ResponseWriter {
    private static final Logger LOG = LoggerFactory.getLogger(ResponseWriter.class);

    private ResponseWriter() {
    }

    static void write(RoutingContext ctx, Exchange exchange, HeaderFilterStrategy filter) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return;
        }
        if (exchange.getException() != null) { // the route's error handler answers every failure; this is a bug
            LOG.error("Request {}: unhandled failure in route {}: {}", RequestContext.of(exchange).requestId(),
                    exchange.getFromRouteId(), exchange.getException().toString(), exchange.getException());
            writeAndClose(ctx, ErrorResponder.internalError());
            return;
        }
        Message message = exchange.getMessage();
        response.setStatusCode(message.getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class));
        for (Map.Entry<String, Object> header : message.getHeaders().entrySet()) {
            Object value = header.getValue();
            if (value != null && !filter.applyFilterToCamelHeaders(header.getKey(), value, exchange)) {
                response.putHeader(header.getKey(), value.toString());
            }
        }
        String cacheControl = RequestContext.of(exchange).cacheControl();
        if (cacheControl != null) {
            response.putHeader("Cache-Control", cacheControl);
        }
        String type = message.getHeader(Exchange.CONTENT_TYPE, String.class);
        if (type != null) {
            response.putHeader("Content-Type", type);
        }
        Object body = message.getBody();
        if (body == null) {
            response.end();
        } else if (body instanceof Buffer buffer) {
            response.end(buffer);
        } else if (body instanceof byte[] bytes) {
            response.end(Buffer.buffer(bytes));
        } else if (body instanceof String text) {
            response.end(Buffer.buffer(text.getBytes(StandardCharsets.UTF_8)));
        } else {
            response.end(Buffer.buffer(exchange.getContext().getTypeConverter().convertTo(byte[].class, exchange,
                    body)));
        }
    }

    /** Answers {@code error} in OpenAI's shape and closes the connection once it is written. */
    static void writeAndClose(RoutingContext ctx, ApiError error) {
        writeError(ctx.request(), error, true);
    }

    /**
     * Answers {@code error} in OpenAI's shape, unless an answer was already written; {@code close}: the connection
     * closes once it is written (an unread or unreadable request cannot be followed by another).
     */
    static void writeError(HttpServerRequest request, ApiError error, boolean close) {
        HttpServerResponse response = request.response();
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(error.status()).putHeader("Content-Type", "application/json");
        if (close) {
            response.putHeader("Connection", "close").end(Json.text(error.document()))
                    .onComplete(written -> request.connection().close());
        } else {
            response.end(Json.text(error.document()));
        }
    }

    /** A failure Vert.x reports for a route (a body over the limit, a client that went away mid-body). */
    static void writeFailure(RoutingContext ctx, int maxBodyBytes) {
        if (ctx.statusCode() == 413) {
            writeAndClose(ctx, ChatRequestReader.tooLarge(maxBodyBytes));
        } else if (ctx.response().closed() || ctx.failure() instanceof HttpClosedException) {
            LOG.debug("Client went away during its request: {}", String.valueOf(ctx.failure()));
        } else if (ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
            writeAndClose(ctx, ApiError.invalidRequest("The request could not be read (HTTP " + ctx.statusCode()
                    + ").", null));
        } else {
            LOG.error("Request failed inside the gateway: {}", String.valueOf(ctx.failure()), ctx.failure());
            writeAndClose(ctx, ErrorResponder.internalError());
        }
    }
}

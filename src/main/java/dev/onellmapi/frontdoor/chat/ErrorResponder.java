package dev.onellmapi.frontdoor.chat;

import dev.onellmapi.request.RequestContext;
import dev.onellmapi.wire.ApiError;
import io.vertx.core.buffer.Buffer;
import dev.onellmapi.wire.Json;
import dev.onellmapi.request.AnswerStream;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.RejectedExecutionException;

/**
 * The client routes' error handler: any exception becomes an OpenAI-shaped error answer. An {@link ApiError} keeps
 * its status; a full request pool is a 503; anything else is our fault, a 500 whose details go to the log (class and message, never the body).
 */
public final class ErrorResponder {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponder.class);

    public void respond(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        RequestContext context = RequestContext.of(exchange);
        ApiError error = cause instanceof ApiError api ? api
                : cause instanceof RejectedExecutionException ? overloaded() : internal(context.requestId(), cause);
        AnswerStream stream = context.clientStream();
        if (stream != null) {
            stream.abandon(error); // the stream writes it, so it knows it is over (and leaves the watchdog's books)
            exchange.getMessage().setBody(null);
            return;
        }
        write(exchange.getMessage(), error);
    }

    public static void write(Message message, ApiError error) {
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, error.status());
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        if (error.retryAfter() != null) {
            message.setHeader("Retry-After", error.retryAfter());
        }
        message.setBody(Buffer.buffer(Json.bytes(error.document())));
    }

    /** Every request thread is taken (WORKER_POOL_SIZE streams open): the SDKs retry a 503 after a pause. */
    private static ApiError overloaded() {
        return new ApiError(503, "server_error", "overloaded", null,
                "The gateway is at its limit of open requests (WORKER_POOL_SIZE); try again shortly.", "1");
    }

    private static ApiError internal(String requestId, Throwable cause) {
        LOG.error("Request {} failed inside the gateway: {}", requestId, cause == null ? "unknown" : cause.toString(),
                cause);
        return internalError();
    }

    /** The answer to a failure of the gateway's own: its details are in the log, never in the answer. */
    public static ApiError internalError() {
        return new ApiError(500, "server_error", null, null, "The gateway failed to handle the request.", null);
    }
}

package dev.onellmapi.server;

import dev.onellmapi.wire.ApiError;
import dev.onellmapi.streaming.GracefulShutdown;
import io.netty.handler.codec.TooLongFrameException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import org.apache.camel.CamelContext;

/**
 * The answers of the gateway's own server that no endpoint gives (an unknown path or method, a request Vert.x could
 * not read, the gateway shutting down) in the OpenAI error shape, like every other answer of the gateway. Never
 * installed on a host's server: its pages are its own.
 */
final class HttpErrorPages {
    private HttpErrorPages() {
    }

    static void install(CamelContext camel, Router router) {
        // first in line: once SIGTERM came, every new request (health checks too) is turned away at once, in OpenAI's
        // shape (the SDKs retry a 503), and its connection closed so a load balancer's next try goes elsewhere; the
        // requests already running go on until SHUTDOWN_GRACE_SECONDS is up
        router.route().order(-1001).handler(ctx -> {
            if (camel.isStopping()) {
                ResponseWriter.writeAndClose(ctx, GracefulShutdown.shuttingDown());
            } else {
                ctx.next();
            }
        });
        // last in line: reached by any path or method no route serves (OpenAI answers these with a 404 too)
        router.route().last().handler(ctx -> ResponseWriter.writeError(ctx.request(), new ApiError(404, "invalid_request_error", "unknown_url",
                null, "Unknown request URL: " + ctx.request().method() + " " + ctx.request().path() + ".", null),
                false));
    }

    /** For Vert.x's invalid-request handler: a request line or headers it could not read. The connection closes. */
    static void invalidRequest(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        int status = cause instanceof TooLongFrameException ? (cause.getMessage() != null
                && cause.getMessage().contains("header") ? 431 : 414) : 400;
        ApiError error = new ApiError(status, "invalid_request_error", null, null, "The HTTP request is malformed"
                + (cause == null || cause.getMessage() == null ? "." : ": " + cause.getMessage() + "."), null);
        ResponseWriter.writeError(request, error, true);
    }
}

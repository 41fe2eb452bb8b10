package dev.onellmapi.http;

import dev.onellmapi.json.Json;
import dev.onellmapi.streaming.GracefulShutdown;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * Answers that Vert.x gives before any route runs (unknown path, wrong method, body over the size limit, the gateway
 * shutting down) in the OpenAI error shape, like every other answer of the gateway.
 */
public final class HttpErrorPages {
    private HttpErrorPages() {
    }

    public static void install(CamelContext camel, int port, int maxBodyBytes) {
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(camel,
                VertxPlatformHttpRouter.getRouterNameFromPort(port));
        if (router == null) {
            throw new IllegalStateException("the HTTP server on port " + port + " has no router");
        }
        // first in line: once SIGTERM came, every new request (health checks too) is turned away at once, in OpenAI's
        // shape (the SDKs retry a 503), and its connection closed so a load balancer's next try goes elsewhere; the
        // requests already running go on until SHUTDOWN_GRACE_SECONDS is up
        router.route().order(-1001).handler(ctx -> {
            if (camel.isStopping()) {
                ctx.response().putHeader("Connection", "close");
                write(ctx, GracefulShutdown.shuttingDown());
            } else {
                ctx.next();
            }
        });
        // last in line: reached by any path or method no route serves (OpenAI answers these with a 404 too)
        router.route().last().handler(ctx -> write(ctx, new ApiError(404, "invalid_request_error", "unknown_url",
                null, "Unknown request URL: " + ctx.request().method() + " " + ctx.request().path() + ".", null)));
        // ahead of the routes' body handler, whose own 413 is a bare text page
        router.route().order(-1000).handler(ctx -> {
            String length = ctx.request().getHeader("Content-Length");
            if (length != null && isOver(length, maxBodyBytes)) {
                write(ctx, ChatRequestReader.tooLarge(maxBodyBytes));
            } else {
                ctx.next();
            }
        });
    }

    private static boolean isOver(String contentLength, int limit) {
        try {
            return Long.parseLong(contentLength.trim()) > limit;
        } catch (NumberFormatException e) {
            return false; // Vert.x rejects a malformed length itself
        }
    }

    private static void write(RoutingContext ctx, ApiError error) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        ctx.response().setStatusCode(error.status())
                .putHeader("Content-Type", "application/json")
                .end(Json.text(error.document()));
    }
}

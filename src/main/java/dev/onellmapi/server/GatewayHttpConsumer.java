package dev.onellmapi.server;

import dev.onellmapi.request.RequestContext;
import dev.onellmapi.frontdoor.chat.ChatRequestReader;
import dev.onellmapi.frontdoor.chat.ErrorResponder;
import dev.onellmapi.wire.RequestIds;
import dev.onellmapi.wire.ServerTiming;
import dev.onellmapi.streaming.GracefulShutdown;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.PlatformHandler;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.Suspendable;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Serves one gateway endpoint ({@code gateway-http:/v1/chat/completions}) on a Vert.x router: the route runs on the
 * event loop that read the request, through Camel's asynchronous routing engine, and its answer is written there. A
 * route that calls out without blocking (the gateway's upstream client) then costs no thread hand-off; a route that
 * must block says so with the {@code threads} EIP, and its answer comes back to the event loop.
 * <p>
 * Only the gateway's own routes use it: a host's {@code platform-http} routes keep Camel's consumer. The request's
 * headers become the message's headers; its query parameters do not (Camel's consumer copies them in too, so a
 * {@code ?Authorization=} parameter would pass for the header).
 * <p>
 * Suspendable, as Camel's own: a graceful stop suspends it (new requests get a 503) while the requests in flight,
 * streams included, run to their end.
 */
final class GatewayHttpConsumer extends DefaultConsumer implements PlatformHttpConsumer, Suspendable {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayHttpConsumer.class);
    /** The routing context's key of the request's Server-Timing, from its admission to its exchange. */
    private static final String TIMING = "oneLlmApi.serverTiming";
    /** Past any fixed path's order (Vert.x numbers routes as they are added), before the 404 page (last). */
    private static final int PARAMETER_PATHS_ORDER = 1_000_000;

    private final GatewayHttpEngine engine;
    private Route route;

    GatewayHttpConsumer(PlatformHttpEndpoint endpoint, Processor processor, GatewayHttpEngine engine) {
        super(endpoint, processor);
        this.engine = engine;
    }

    @Override
    public PlatformHttpEndpoint getEndpoint() {
        return (PlatformHttpEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        Router router = engine.router();
        // Camel's {name} path parameters are Vert.x's :name; their values become headers (as Camel's consumer does)
        String path = getEndpoint().getPath();
        route = router.route(path.replaceAll("\\{([^/}]+)}", ":$1"));
        if (path.contains("{")) {
            // the router tries its routes in order, a path with a parameter by a regular expression: those go after
            // the fixed paths (no two of which overlap), so a chat request is not matched against /admin/keys/{id}
            route.order(PARAMETER_PATHS_ORDER);
        }
        String methods = getEndpoint().getHttpMethodRestrict();
        if (methods != null) {
            for (String method : methods.split(",")) {
                route.method(HttpMethod.valueOf(method.trim().toUpperCase()));
            }
        }
        int maxBody = engine.maxBodyBytes();
        // a platform handler: Vert.x lets only those run before the body handler
        route.handler((PlatformHandler) ctx -> admit(ctx, maxBody))
                .handler(BodyHandler.create(false).setBodyLimit(maxBody))
                .handler(this::handle)
                .failureHandler(ctx -> ResponseWriter.writeFailure(ctx, maxBody));
    }

    @Override
    protected void doStop() throws Exception {
        engine.endpointStopped();
        if (route != null) {
            route.remove();
            route = null;
        }
        super.doStop();
    }

    /**
     * Turned away before the body is read: a gateway that is stopping (the SDKs retry a 503 elsewhere), a body
     * declared larger than the limit. Each answer closes the connection: an unread body cannot be skipped.
     */
    private void admit(RoutingContext ctx, int maxBody) {
        HttpServerRequest request = ctx.request();
        // every answer's head (whole, a stream's, an error's, whichever door wrote it) gets the request's timing
        ServerTiming timing = new ServerTiming();
        ctx.put(TIMING, timing);
        ctx.addHeadersEndHandler(v -> ctx.response().putHeader(ServerTiming.HEADER, timing.header()));
        String length = request.getHeader("Content-Length");
        if (getEndpoint().getCamelContext().isStopping() || isSuspendingOrSuspended() || !isRunAllowed()) {
            ResponseWriter.writeAndClose(ctx, GracefulShutdown.shuttingDown());
        } else if (length != null && isOver(length, maxBody)) {
            ResponseWriter.writeAndClose(ctx, ChatRequestReader.tooLarge(maxBody));
        } else {
            ctx.next();
        }
    }

    private static boolean isOver(String contentLength, int limit) {
        try {
            return Long.parseLong(contentLength.trim()) > limit;
        } catch (NumberFormatException e) {
            return false; // Vert.x rejects a malformed length itself
        }
    }

    private void handle(RoutingContext ctx) {
        Context eventLoop = Vertx.currentContext();
        Exchange exchange = createExchange(false);
        // InOnly although the client gets an answer: the routes change the one message in place, and Camel's pipeline
        // copies an InOut exchange's whole message (headers and body) into a new out message at the end of every
        // pipeline (a route, a doTry, a loop's turn): six copies a request, 6 % of the bytes it allocated
        exchange.setPattern(ExchangePattern.InOnly);
        RequestContext context = RequestContext.enter(exchange);
        context.requestId(RequestIds.given(ctx.request()));
        ServerTiming timing = ctx.get(TIMING);
        timing.requestRead();
        context.timing(timing);
        exchange.setIn(message(exchange, ctx));
        try {
            createUoW(exchange);
        } catch (Exception e) {
            failed(exchange, ctx, e);
            return;
        }
        getAsyncProcessor().process(exchange, doneSync -> {
            // a route that moved to a worker (threads EIP) ends there: the answer is written on the event loop
            if (Vertx.currentContext() == eventLoop) {
                respond(exchange, ctx);
            } else {
                eventLoop.runOnContext(v -> respond(exchange, ctx));
            }
        });
    }

    private static Message message(Exchange exchange, RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        HttpMessage message = new HttpMessage(exchange, request, ctx.response());
        for (Map.Entry<String, String> header : request.headers()) {
            message.setHeader(header.getKey(), header.getValue());
        }
        ctx.pathParams().forEach(message::setHeader);
        message.setHeader(Exchange.HTTP_METHOD, request.method().name());
        message.setHeader(Exchange.HTTP_PATH, request.path());
        message.setHeader(Exchange.HTTP_QUERY, request.query());
        message.setBody(ctx.body().buffer() == null ? null : ctx.body().buffer().getBytes());
        return message;
    }

    private void respond(Exchange exchange, RoutingContext ctx) {
        try {
            ResponseWriter.write(ctx, exchange, getEndpoint().getHeaderFilterStrategy());
        } catch (RuntimeException e) {
            failed(exchange, ctx, e);
            return;
        }
        done(exchange);
    }

    /** Our own failure, not the client's: logged once (never a body), answered in OpenAI's shape. */
    private void failed(Exchange exchange, RoutingContext ctx, Throwable failure) {
        LOG.error("Request {} to {} failed inside the gateway: {}", RequestContext.of(exchange).requestId(), getEndpoint().getPath(),
                failure.toString(), failure);
        ResponseWriter.writeAndClose(ctx, ErrorResponder.internalError());
        done(exchange);
    }

    private void done(Exchange exchange) {
        doneUoW(exchange);
        releaseExchange(exchange, false);
    }
}

package org.apache.camel.component.platform.http.vertx;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;

import java.util.List;

/**
 * platform-http's Vert.x consumer, except that the route runs on the event loop that read the request, through
 * Camel's asynchronous routing engine, instead of on a worker thread taken for the whole request. A route that
 * calls out without blocking (the gateway's upstream client) then costs no thread hand-off at all; a route that
 * must block says so with the {@code threads} EIP, which moves the rest of it to a worker pool.
 * <p>
 * It lives in Camel's package to reuse Camel's own request reading and response writing, which are package-private;
 * everything else is the parent's behaviour, except the form-data and proxy modes the gateway's routes never use.
 * The gateway's {@code dev.onellmapi.http.EventLoopHttpEngine} creates it.
 */
public final class EventLoopPlatformHttpConsumer extends VertxPlatformHttpConsumer {

    public EventLoopPlatformHttpConsumer(PlatformHttpEndpoint endpoint, Processor processor,
                                         List<Handler<RoutingContext>> handlers, String routerName) {
        super(endpoint, processor, handlers, routerName);
    }

    @Override
    protected void handleRequest(RoutingContext ctx) {
        if (isSuspended()) {
            ctx.response().setStatusCode(503).end();
            return;
        }
        Context eventLoop = ctx.vertx().getOrCreateContext();
        Exchange exchange = createExchange(false);
        exchange.setPattern(ExchangePattern.InOut);
        processHttpRequest(exchange, ctx).onComplete(read -> {
            if (read.failed()) {
                fail(exchange, ctx, read.cause());
                return;
            }
            try {
                createUoW(exchange);
            } catch (Exception e) {
                fail(exchange, ctx, e);
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
        });
    }

    private void respond(Exchange exchange, RoutingContext ctx) {
        VertxPlatformHttpSupport.writeResponse(ctx, exchange, getEndpoint().getHeaderFilterStrategy(),
                getEndpoint().isMuteException()).onComplete(written -> {
                    if (written.succeeded()) {
                        complete(exchange);
                    } else {
                        fail(exchange, ctx, written.cause());
                    }
                });
    }

    private void fail(Exchange exchange, RoutingContext ctx, Throwable failure) {
        getExceptionHandler().handleException("Failed handling platform-http endpoint " + getEndpoint().getPath(),
                failure);
        ctx.fail(failure);
        complete(exchange);
    }

    private void complete(Exchange exchange) {
        doneUoW(exchange);
        releaseExchange(exchange, false);
    }
}

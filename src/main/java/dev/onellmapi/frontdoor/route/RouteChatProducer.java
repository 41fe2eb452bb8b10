package dev.onellmapi.frontdoor.route;

import dev.onellmapi.request.RequestContext;
import dev.onellmapi.request.RouteCaller;
import dev.onellmapi.OneLlmApiException;
import dev.onellmapi.wire.Json;
import io.vertx.core.buffer.Buffer;
import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProducer;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultAsyncProducer;
import org.apache.camel.support.service.ServiceHelper;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Calls a model for a route's message, in-process: the message becomes a chat request that enters the gateway's own
 * chat steps ({@value #GATEWAY}: auth, request reading, key limits, the provider router with its retries, fallbacks
 * and breakers, the stream relay, the ledger) on an exchange of its own, so none of the gateway's per-request state
 * lands on the route's exchange. The route goes on, on a thread of its own (never an event loop), with the answer
 * as its body (see {@link RouteAnswer}), or with a stream as soon as its first chunk arrives (see
 * {@link RouteStream}), or with a {@link OneLlmApiException} for its error handler.
 */
final class RouteChatProducer extends DefaultAsyncProducer {
    /** The gateway's entry for route calls (routes/route-chat.yaml). */
    static final String GATEWAY = "direct:one-llm-api-route-chat";
    /** Deltas a slow route may leave unread before the provider is paused. */
    private static final int STREAM_CAPACITY = 256;

    private final RouteChatOptions options;
    private AsyncProducer gateway;

    RouteChatProducer(RouteChatEndpoint endpoint) {
        super(endpoint);
        this.options = endpoint.options();
    }

    @Override
    public RouteChatEndpoint getEndpoint() {
        return (RouteChatEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        gateway = getEndpoint().getCamelContext().getEndpoint(GATEWAY).createAsyncProducer();
        ServiceHelper.startService(gateway);
    }

    @Override
    protected void doStop() throws Exception {
        ServiceHelper.stopService(gateway);
        super.doStop();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        Exchange call = getEndpoint().createExchange();
        String routeId = options.callerRouteId() != null ? options.callerRouteId() : exchange.getFromRouteId();
        RouteStream stream = options.stream()
                ? new RouteStream(options.output() == RouteChatOptions.Output.TEXT, STREAM_CAPACITY) : null;
        try {
            call.getMessage().setBody(Json.bytes(RouteChatRequest.of(exchange.getMessage().getBody(), options)));
        } catch (OneLlmApiException invalid) {
            exchange.setException(invalid);
            callback.done(true);
            return true;
        }
        RequestContext.enter(call).routeCaller(new RouteCaller(options.key(), routeId, stream));
        AtomicBoolean answered = new AtomicBoolean();
        gateway.process(call, doneSync -> {
            if (stream != null && stream.isStarted()) {
                endStream(call, stream, routeId); // the route has the stream already
            } else {
                answer(exchange, callback, answered, () -> applyAnswer(call, exchange, routeId));
            }
        });
        if (stream != null) {
            stream.onStart(() -> answer(exchange, callback, answered,
                    () -> exchange.getMessage().setBody(stream.reader())));
        }
        return false;
    }

    /**
     * Sets the route's answer once (a stream's start and its request's end may both try), then lets the route go on
     * on a thread of the component's, away from the event loop that delivered the answer.
     */
    private void answer(Exchange exchange, AsyncCallback callback, AtomicBoolean answered, Runnable apply) {
        if (!answered.compareAndSet(false, true)) {
            return;
        }
        Runnable goOn = () -> {
            try {
                apply.run();
            } catch (RuntimeException failure) {
                exchange.setException(failure);
            }
            callback.done(false);
        };
        try {
            getEndpoint().getComponent().continuations().execute(goOn);
        } catch (RejectedExecutionException stopping) {
            goOn.run();
        }
    }

    private void applyAnswer(Exchange call, Exchange exchange, String routeId) {
        if (call.getException() != null) {
            exchange.setException(RouteErrors.of(call.getException(), routeId));
            return;
        }
        Object body = call.getMessage().getBody();
        byte[] completion = body instanceof Buffer buffer ? buffer.getBytes() : call.getMessage().getBody(byte[].class);
        if (completion == null) {
            throw new IllegalStateException("the gateway's route ended without an answer");
        }
        exchange.getMessage().setBody(RouteAnswer.of(completion, options));
    }

    /** The gateway's request is over after its stream began: a stream not ended by the relay is ended here. */
    private static void endStream(Exchange call, RouteStream stream, String routeId) {
        if (call.getException() != null) {
            stream.fail(RouteErrors.of(call.getException(), routeId));
        } else {
            stream.finish();
        }
    }
}

package dev.onellmapi.streaming;

import dev.onellmapi.http.ApiError;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.engine.DefaultShutdownStrategy;
import org.apache.camel.spi.RouteStartupOrder;
import org.apache.camel.spi.ShutdownStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Camel's graceful shutdown (requests in flight may finish within SHUTDOWN_GRACE_SECONDS), plus what to do with the
 * streams still open when that time is up: each ends with a {@code shutting_down} error event (or, before its first
 * chunk, a plain 503) and its provider stream is aborted, before Camel stops the routes and then the HTTP server. Left
 * to Camel alone they would be cut off without a word when the server closes their connections.
 */
public final class GracefulShutdown extends DefaultShutdownStrategy {
    private static final Logger LOG = LoggerFactory.getLogger(GracefulShutdown.class);

    private final StreamWatchdog streams;

    private GracefulShutdown(CamelContext camel, StreamWatchdog streams) {
        super(camel);
        this.streams = streams;
    }

    /** The error a request still in flight at the end of the grace period, or arriving during it, is answered. */
    public static ApiError shuttingDown() {
        return new ApiError(503, "server_error", "shutting_down", null,
                "The gateway is shutting down; send the request again.", null);
    }

    /**
     * Puts this strategy in place of the context's own, keeping the settings camel-main already gave that one
     * ({@code camel.main.shutdown-timeout} and the like are applied before the gateway's beans are configured).
     */
    public static void install(CamelContext camel, StreamWatchdog streams) {
        ShutdownStrategy current = camel.getShutdownStrategy();
        GracefulShutdown strategy = new GracefulShutdown(camel, streams);
        strategy.setTimeout(current.getTimeout());
        strategy.setTimeUnit(current.getTimeUnit());
        strategy.setShutdownNowOnTimeout(current.isShutdownNowOnTimeout());
        strategy.setShutdownRoutesInReverseOrder(current.isShutdownRoutesInReverseOrder());
        strategy.setSuppressLoggingOnTimeout(current.isSuppressLoggingOnTimeout());
        strategy.setLogInflightExchangesOnTimeout(current.isLogInflightExchangesOnTimeout());
        strategy.setLoggingLevel(current.getLoggingLevel());
        camel.setShutdownStrategy(strategy);
    }

    /** Called by Camel only when the grace period is over and requests are still in flight. */
    @Override
    protected void shutdownRoutesNow(List<RouteStartupOrder> routes) {
        if (getCamelContext().isStopping()) {
            int ended = streams.endAll(shuttingDown());
            if (ended > 0) {
                LOG.warn("Grace period over: ended {} open stream(s) with a shutting_down error", ended);
            }
        }
        super.shutdownRoutesNow(routes);
    }
}

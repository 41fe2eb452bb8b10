package dev.onellmapi.streaming;

import dev.onellmapi.wire.ApiError;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a stop does with the gateway's streams. Camel's graceful shutdown suspends the gateway's endpoints (new
 * requests get a 503) and lets the requests in flight, streams included, run for the application's shutdown
 * timeout (SHUTDOWN_GRACE_SECONDS when standalone); then it stops the endpoints. A stream still open at that point
 * ends with a {@code shutting_down} error event (or, before its first chunk, a plain 503) and its provider stream is
 * aborted, before the HTTP server closes the connections: left to Camel alone it would be cut off without a word.
 * The application's ShutdownStrategy is its own; this runs when a gateway endpoint stops.
 */
public final class GracefulShutdown {
    private static final Logger LOG = LoggerFactory.getLogger(GracefulShutdown.class);

    private GracefulShutdown() {
    }

    /** The error a request still in flight at the end of the grace period, or arriving during it, is answered. */
    public static ApiError shuttingDown() {
        return new ApiError(503, "server_error", "shutting_down", null,
                "The gateway is shutting down; send the request again.", null);
    }

    /** For an endpoint that stops: while the application stops, the streams still open end with an error. */
    public static void endOpenStreams(CamelContext camel, StreamWatchdog streams) {
        if (camel.isStopping()) {
            int ended = streams.endAll(shuttingDown());
            if (ended > 0) {
                LOG.warn("Grace period over: ended {} open stream(s) with a shutting_down error", ended);
            }
        }
    }
}

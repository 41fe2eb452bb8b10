package dev.onellmapi.server;

import dev.onellmapi.settings.ServerSettings;
import io.netty.channel.ChannelPipeline;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;
import dev.onellmapi.wire.ApiError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The client connections of the gateway's own server, looked at once a second on one timer (nothing per request):
 * <ul>
 * <li>a connection that has not sent its first whole request within CLIENT_READ_TIMEOUT_SECONDS is closed, and a
 * request whose body is still arriving after that long is answered 408 and closed (slow or half-sent requests would
 * otherwise hold a socket each, for ever);</li>
 * <li>a keep-alive connection with no request in flight for CLIENT_IDLE_TIMEOUT_SECONDS is closed;</li>
 * <li>past MAX_CLIENT_CONNECTIONS open connections a new one is closed at once, not queued.</li>
 * </ul>
 * A request waiting for its provider, and a stream, are in flight, never idle: long answers take minutes.
 * Vert.x's own idle timeout cannot tell them apart (it counts silence on the socket).
 */
final class ClientConnections {
    private static final Logger LOG = LoggerFactory.getLogger(ClientConnections.class);
    private static final long REFUSAL_LOG_INTERVAL = TimeUnit.MINUTES.toNanos(1);

    private final Vertx vertx;
    private final HttpServerOptions options;
    private final long readNanos;
    private final long idleNanos;
    private final int max;
    private final Map<HttpConnection, Tracked> open = new ConcurrentHashMap<>();
    private final AtomicLong lastRefusalLog = new AtomicLong(System.nanoTime() - REFUSAL_LOG_INTERVAL);
    private long timer = -1;

    /** One connection: its latest request, and since when it is in its present state. */
    private static final class Tracked {
        volatile HttpServerRequest request;
        volatile Context context;
        volatile long since = System.nanoTime();
        volatile long idleSince;
    }

    ClientConnections(Vertx vertx, HttpServerOptions options, ServerSettings settings) {
        this.vertx = vertx;
        this.options = options;
        this.readNanos = TimeUnit.SECONDS.toNanos(settings.readTimeoutSeconds());
        this.idleNanos = TimeUnit.SECONDS.toNanos(settings.idleTimeoutSeconds());
        this.max = settings.maxConnections();
    }

    void start() {
        timer = vertx.setPeriodic(1000, tick -> sweep());
    }

    void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** A new connection: refused when there are too many, else watched, with the strict request decoder. */
    void opened(HttpConnection connection) {
        if (open.size() >= max) {
            connection.close();
            long last = lastRefusalLog.get();
            if (System.nanoTime() - last >= REFUSAL_LOG_INTERVAL && lastRefusalLog.compareAndSet(last,
                    System.nanoTime())) {
                LOG.warn("MAX_CLIENT_CONNECTIONS ({}) reached: new client connections are refused", max);
            }
            return;
        }
        if (connection instanceof ConnectionBase base) {
            ChannelPipeline pipeline = base.channel().pipeline();
            if (pipeline.get(StrictRequestDecoder.NAME) != null) {
                pipeline.replace(StrictRequestDecoder.NAME, StrictRequestDecoder.NAME,
                        new StrictRequestDecoder(options));
            }
        }
        open.put(connection, new Tracked());
        connection.closeHandler(closed -> open.remove(connection));
    }

    /** A request whose headers have arrived; it is the connection's latest. */
    void requestBegun(HttpServerRequest request) {
        Tracked tracked = open.get(request.connection());
        if (tracked != null) {
            tracked.context = Vertx.currentContext();
            tracked.request = request;
            tracked.idleSince = 0;
            tracked.since = System.nanoTime();
        }
    }

    private void sweep() {
        long now = System.nanoTime();
        open.forEach((connection, tracked) -> {
            try {
                check(connection, tracked, now);
            } catch (RuntimeException e) {
                LOG.debug("A client connection could not be checked: {}", e.toString());
            }
        });
    }

    private void check(HttpConnection connection, Tracked tracked, long now) {
        HttpServerRequest request = tracked.request;
        if (request == null) {
            if (now - tracked.since > readNanos) {
                connection.close(); // no whole request yet: nothing to answer
            }
        } else if (request.response().ended()) {
            if (tracked.idleSince == 0) {
                tracked.idleSince = now;
            } else if (now - tracked.idleSince > idleNanos) {
                connection.close();
            }
        } else if (!request.isEnded() && now - tracked.since > readNanos) {
            tracked.context.runOnContext(v -> requestTimeout(request, connection));
        }
    }

    /** 408 where the answer has not begun (always, while the body is still being read), then the connection closes. */
    private static void requestTimeout(HttpServerRequest request, HttpConnection connection) {
        if (!request.response().headWritten()) {
            ResponseWriter.writeError(request, new ApiError(408, "invalid_request_error", "request_timeout", null,
                    "The request was not sent in time (CLIENT_READ_TIMEOUT_SECONDS).", null), true);
        } else {
            connection.close();
        }
    }
}

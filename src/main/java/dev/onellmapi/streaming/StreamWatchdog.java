package dev.onellmapi.streaming;

import dev.onellmapi.wire.ApiError;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Looks at every open stream once a second, on one shared timer (nothing per stream): a client still waiting for its
 * first chunk gets a {@code : ping} comment every STREAM_PING_SECONDS so proxies keep the connection, and a provider
 * that sent nothing for UPSTREAM_STREAM_IDLE_SECONDS has its connection aborted, which ends its relay.
 * <p>
 * A failure while looking at one stream drops that stream from the watch and never reaches the timer: an exception
 * escaping a {@code scheduleWithFixedDelay} task cancels it for good, which would end pings and idle cut-offs for
 * every stream after it.
 */
public final class StreamWatchdog extends ServiceSupport {
    private static final Logger LOG = LoggerFactory.getLogger(StreamWatchdog.class);
    private final CamelContext camel;
    private final long idleNanos;
    private final long pingNanos;
    private final Set<ClientStream> waiting = ConcurrentHashMap.newKeySet();
    private final Set<ClientStream> open = ConcurrentHashMap.newKeySet();
    private final Set<Upstream> upstreams = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService timer;

    /** One provider stream being relayed. */
    public final class Upstream {
        private final Runnable abort;
        private volatile long lastEvent = System.nanoTime();
        private volatile boolean held;
        private volatile boolean expired;

        private Upstream(Runnable abort) {
            this.abort = abort;
        }

        public void touch() {
            lastEvent = System.nanoTime();
        }

        /** While held the relay waits for a slow client, not for the provider: no idle cut-off, counted anew after. */
        public void hold(boolean waitingForClient) {
            held = waitingForClient;
            touch();
        }

        /** True when the watchdog aborted this stream for being idle. */
        public boolean expired() {
            return expired;
        }

        public void done() {
            upstreams.remove(this);
        }

        /** Aborts the stream once it has been silent too long; true while it is still watched. */
        private boolean check(long now) {
            if (!held && now - lastEvent > idleNanos) {
                expired = true;
                upstreams.remove(this);
                abort.run();
                return false;
            }
            return true;
        }
    }

    public StreamWatchdog(CamelContext camel, int idleSeconds, int pingSeconds) {
        this.camel = camel;
        this.idleNanos = TimeUnit.SECONDS.toNanos(idleSeconds);
        this.pingNanos = TimeUnit.SECONDS.toNanos(pingSeconds);
    }

    /** Pings this client until its first chunk (or its end), and knows it is open until it ends. */
    public void watch(ClientStream client) {
        waiting.add(client);
        open.add(client);
    }

    /** Watches a provider stream for silence; {@code abort} ends its connection. */
    public Upstream watch(Runnable abort) {
        Upstream upstream = new Upstream(abort);
        upstreams.add(upstream);
        return upstream;
    }

    /**
     * Ends every stream still open, each with {@code error} (an error event, or a plain error answer before its first
     * chunk), and aborts the provider streams they relay, which frees their connections. For
     * the end of a shutdown's grace period. Returns how many client streams were ended.
     */
    public int endAll(ApiError error) {
        int ended = 0;
        for (ClientStream client : open) {
            if (!client.isEnded()) {
                client.abandon(error);
                ended++;
            }
        }
        open.clear();
        waiting.clear();
        for (Upstream upstream : upstreams) {
            upstreams.remove(upstream);
            upstream.abort.run();
        }
        return ended;
    }

    /** Client streams not yet over. */
    public int openStreams() {
        return (int) open.stream().filter(client -> !client.isEnded()).count();
    }

    /** Client streams the watchdog still has on its books, over or not (they leave at its next look). */
    int watched() {
        return open.size();
    }

    @Override
    protected void doStart() {
        timer = camel.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "stream-watchdog");
        timer.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    protected void doStop() {
        if (timer != null) { // a start that failed before this service's never made it
            camel.getExecutorServiceManager().shutdownNow(timer);
        }
    }

    private void tick() {
        long now = System.nanoTime();
        for (ClientStream client : waiting) {
            if (!survives(() -> client.pingIfWaiting(now, pingNanos))) {
                waiting.remove(client);
            }
        }
        for (Upstream upstream : upstreams) {
            if (!survives(() -> upstream.check(now))) {
                upstreams.remove(upstream);
            }
        }
        open.removeIf(client -> !survives(() -> !client.isEnded()));
    }

    /** Runs one stream's check; false when it is over, or when it failed (logged once, then no longer watched). */
    private static boolean survives(BooleanSupplier check) {
        try {
            return check.getAsBoolean();
        } catch (RuntimeException e) {
            LOG.warn("A stream could not be checked and is no longer watched: {}", e.toString());
            return false;
        }
    }
}

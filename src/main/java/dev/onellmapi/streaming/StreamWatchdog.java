package dev.onellmapi.streaming;

import dev.onellmapi.http.ApiError;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Looks at every open stream once a second, on one shared timer (nothing per stream): a client still waiting for its
 * first chunk gets a {@code : ping} comment every STREAM_PING_SECONDS so proxies keep the connection, and a provider
 * that sent nothing for UPSTREAM_STREAM_IDLE_SECONDS has its connection aborted, which ends its relay.
 */
public final class StreamWatchdog extends ServiceSupport {
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

        private void check(long now) {
            if (!held && now - lastEvent > idleNanos) {
                expired = true;
                upstreams.remove(this);
                abort.run();
            }
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

    @Override
    protected void doStart() {
        timer = camel.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "stream-watchdog");
        timer.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    protected void doStop() {
        camel.getExecutorServiceManager().shutdownNow(timer);
    }

    private void tick() {
        long now = System.nanoTime();
        for (ClientStream client : waiting) {
            if (!client.pingIfWaiting(now, pingNanos)) {
                waiting.remove(client);
            }
        }
        for (Upstream upstream : upstreams) {
            upstream.check(now);
        }
        open.removeIf(ClientStream::isEnded);
    }
}

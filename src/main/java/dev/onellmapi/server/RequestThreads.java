package dev.onellmapi.server;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.ThreadPoolBuilder;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;

import java.util.concurrent.ExecutorService;

/**
 * The threads requests run on. Routes run on the Vert.x event loops (the gateway's HTTP engine); what must block (a
 * stream read as it arrives, the model list calls) moves to the blocking pool with the {@code threads} EIP. That pool
 * hands a task to an idle thread first and starts a new one only when all are busy (up to WORKER_POOL_SIZE; past it a
 * request is refused with a 503, never queued behind a stream), letting idle ones go after a minute.
 */
public final class RequestThreads extends ServiceSupport {
    /** The gateway's event loops: one per core. */
    public static final int EVENT_LOOPS = Runtime.getRuntime().availableProcessors();

    private final Vertx vertx;
    private final ExecutorService blocking;

    public RequestThreads(CamelContext camel, int maxThreads) throws Exception {
        // epoll where Netty's native transport is on the classpath (Linux x86_64), NIO otherwise; an event loop per
        // core (Vert.x's default is two), each with its own server (GatewayHttpServer) and upstream client
        this.vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(EVENT_LOOPS));
        this.blocking = new ThreadPoolBuilder(camel).poolSize(1).maxPoolSize(maxThreads).maxQueueSize(0)
                .keepAliveTime(60L).rejectedPolicy(ThreadPoolRejectedPolicy.Abort)
                .build(this, "request");
    }

    public Vertx vertx() {
        return vertx;
    }

    /** Bound as {@code #requestPool}, the pool the routes' {@code threads} steps name. */
    public ExecutorService blocking() {
        return blocking;
    }

    /**
     * The gateway's Vert.x is its own (never bound in the registry, where a host's HTTP server would pick it up); it is
     * closed here, after the gateway's server on it, which Camel stops first (it was added later). Camel stops the
     * blocking pool itself.
     */
    @Override
    protected void doStop() {
        vertx.close();
    }
}

package dev.onellmapi.http;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.impl.VertxBuilder;
import org.apache.camel.support.service.ServiceSupport;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The Vert.x instance platform-http serves on, with a worker pool that hands a request to an idle thread first and
 * starts a new one only when all are busy (up to WORKER_POOL_SIZE), letting idle ones go after a minute. Vert.x's own
 * fixed pool starts a thread for every task until it is full, so a few thousand requests would leave WORKER_POOL_SIZE
 * threads resident for good. Each request runs, and each stream stays, on one of these threads.
 */
public final class RequestThreads extends ServiceSupport {
    private final Vertx vertx;

    public RequestThreads(int maxThreads) {
        // epoll where Netty's native transport is on the classpath (Linux x86_64), NIO otherwise
        VertxOptions options = new VertxOptions().setWorkerPoolSize(maxThreads).setPreferNativeTransport(true);
        this.vertx = new VertxBuilder(options)
                .executorServiceFactory((threadFactory, concurrency, maxConcurrency) -> new ThreadPoolExecutor(0,
                        concurrency, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), threadFactory))
                .init().vertx();
    }

    public Vertx vertx() {
        return vertx;
    }

    @Override
    protected void doStop() {
        vertx.close(); // platform-http leaves a Vert.x it did not create running
    }
}

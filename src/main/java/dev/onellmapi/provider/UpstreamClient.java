package dev.onellmapi.provider;

import dev.onellmapi.request.RequestContext;
import dev.onellmapi.chat.ProviderCall;
import dev.onellmapi.wire.ServerTiming;
import dev.onellmapi.wire.UpstreamStream;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.AsyncProcessorSupport;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The call to a provider, made without blocking a thread: Vert.x's HTTP client on the event loop, with pooled
 * keep-alive connections. It leaves the message a camel-http call would for the response mappers:
 * {@code CamelHttpResponseCode}, the headers they read ({@code Retry-After}, {@code retry-after-ms},
 * {@code Content-Type}) and the body.
 * A whole answer (and any error answer) is read into bytes, at most UPSTREAM_MAX_RESPONSE_BYTES; a stream's body is
 * handed on unread, paused, for the relay to start ({@link UpstreamStream}). Either way the route goes on on the
 * event loop: no thread is taken for a request, streamed or not.
 * <p>
 * Not camel-vertx-http: its producer hands every answer to a worker thread (the hand-off this client exists to
 * avoid), reads answers of any size into memory and cannot stream.
 */
public final class UpstreamClient extends AsyncProcessorSupport {
    private static final int INITIAL_BODY_BYTES = 16 * 1024;
    private static final int PARSED_URLS = 256;
    private static final String[] REPLY_HEADERS = {"Retry-After", "retry-after-ms", "Content-Type"};

    private final Vertx vertx;
    private final HttpClientOptions options;
    private final PoolOptions pool;
    /**
     * A client per event loop: a request's call goes out and comes back on the loop that serves the request. One
     * shared client hands a connection made on one loop to a request on another, and each of its events then crosses
     * threads (0.15-0.2 ms a hand-off here). Calls from elsewhere (a worker, a host's thread) share one more client.
     */
    private final Map<Thread, HttpClient> byEventLoop = new ConcurrentHashMap<>();
    private final HttpClient shared;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Cache<String, URL> parsedUrls = Caffeine.newBuilder().maximumSize(PARSED_URLS)
            .executor(Runnable::run).build(); // its upkeep on the event loop, not on the common pool
    private final long idleTimeoutMillis;
    private final int maxBytes;

    public UpstreamClient(Vertx vertx, int connectTimeoutSeconds, int idleTimeoutSeconds, int connectionsPerHost,
                          int maxBytes) {
        this.vertx = vertx;
        this.options = new HttpClientOptions()
                .setConnectTimeout(connectTimeoutSeconds * 1000)
                .setKeepAlive(true)
                .setForceSni(true) // providers behind CDNs pick their certificate by SNI
                .setVerifyHost(true);
        // UPSTREAM_CONNECTIONS_PER_HOST shared out among the loops' clients (at least one each)
        int loops = Runtime.getRuntime().availableProcessors(); // the gateway's event loops: one per core
        this.pool = new PoolOptions().setHttp1MaxSize(Math.max(1, (connectionsPerHost + loops - 1) / loops));
        this.shared = vertx.createHttpClient(options, pool);
        this.idleTimeoutMillis = idleTimeoutSeconds * 1000L;
        this.maxBytes = maxBytes;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        Message message = exchange.getMessage();
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.valueOf(message.getHeader(Exchange.HTTP_METHOD).toString())) // camel-http's enum; no converter lookup
                .setAbsoluteURI(url(message.getHeader(Exchange.HTTP_URI, String.class)));
        for (Map.Entry<String, Object> header : message.getHeaders().entrySet()) {
            if (!header.getKey().startsWith("Camel") && header.getValue() != null) {
                request.putHeader(header.getKey(), header.getValue().toString());
            }
        }
        byte[] body = message.getBody(byte[].class);
        inFlight.incrementAndGet();
        Reply reply = new Reply(exchange, callback);
        client().request(request).onComplete(created -> {
            if (created.failed()) {
                reply.fail(created.cause());
                return;
            }
            reply.sent(created.result());
            // the answer's handlers are set where its head is handed over, not one future further on (compose):
            // there a short answer could have ended already, and setting a handler then throws
            created.result().response().onComplete(answered -> {
                if (answered.failed()) {
                    reply.fail(answered.cause());
                    return;
                }
                reply.headArrived();
                try {
                    reply.read(answered.result());
                } catch (RuntimeException badAnswer) { // a Content-Length that is not a number, say
                    reply.cutOff(badAnswer);
                }
            });
            if (body == null) {
                created.result().end();
            } else {
                created.result().end(Buffer.buffer(body));
            }
        });
        return false;
    }

    /**
     * The call's URL, parsed once: a provider's few URLs come back on every call, and java.net.URL's parser was 1.7 %
     * of the event loops' time. At most {@link #PARSED_URLS} are kept (a model's name can be part of a URL, and a
     * client can send any number of names).
     */
    private URL url(String absolute) {
        return parsedUrls.get(absolute, UpstreamClient::parse);
    }

    private static URL parse(String absolute) {
        try {
            return new URL(absolute);
        } catch (MalformedURLException e) {
            throw new VertxException(e); // as Vert.x's own parse throws it
        }
    }

    /** The calling event loop's client (made by its first call, so its connections are that loop's). */
    private HttpClient client() {
        Context context = Vertx.currentContext();
        if (context == null || !Context.isOnEventLoopThread()) {
            return shared;
        }
        return byEventLoop.computeIfAbsent(Thread.currentThread(), loop -> vertx.createHttpClient(options, pool));
    }

    /** Calls whose answer has not ended yet (a stream's until its body ended or was aborted): for the leak tests. */
    public int callsInFlight() {
        return inFlight.get();
    }

    /** One answer being read: its body collected up to the limit, then handed to the route exactly once. */
    private final class Reply {
        private final Exchange exchange;
        private final AsyncCallback callback;
        private final ProviderCall call;
        private final boolean stream;
        private final ServerTiming timing;
        private HttpClientRequest request;
        private boolean headArrived;
        private Buffer body;
        private long silence = -1;
        private long lastBytes;
        private boolean done;

        Reply(Exchange exchange, AsyncCallback callback) {
            this.exchange = exchange;
            this.callback = callback;
            RequestContext context = RequestContext.of(exchange);
            this.call = context.providerCall();
            // PaLM cannot stream: its mapper asks for JSON, and the whole answer is read
            this.stream = call != null && call.chat().stream()
                    && "text/event-stream".equals(exchange.getMessage().getHeader("Accept"));
            this.timing = context.timing();
            if (timing != null) {
                timing.callSent();
            }
        }

        /** The call went out: from now on, UPSTREAM_TIMEOUT_SECONDS without a byte of its answer ends it. */
        void sent(HttpClientRequest request) {
            this.request = request;
            lastBytes = System.nanoTime();
            watchSilence(idleTimeoutMillis);
        }

        /** The first byte of the answer (or, from {@link #finish()}, a failure before it): once per call. */
        void headArrived() {
            if (!headArrived) {
                headArrived = true;
                if (timing != null) {
                    timing.headArrived();
                }
            }
        }

        void read(HttpClientResponse response) {
            if (stream && response.statusCode() < 300) {
                if (!isEventStream(response)) {
                    cutOff(UpstreamErrors.notAnEventStream(provider(), response.getHeader("Content-Type"),
                            response.getHeader("Content-Encoding")));
                    return;
                }
                headers(response).setBody(UpstreamStream.live(response, inFlight::decrementAndGet));
                finish();
                return;
            }
            // first, so the reset of an answer cut off for its size is ours to handle, not an error Vert.x logs
            response.exceptionHandler(broken -> fail(new IOException("the answer broke off", broken)));
            String length = response.getHeader("Content-Length");
            if (length != null && length.length() < 19 && Long.parseLong(length) > maxBytes) {
                tooLarge();
                return;
            }
            // sized from what arrives, not from the declared length: a provider that declares 32 MiB and sends 20
            // bytes must not make the gateway set 32 MiB aside
            body = Buffer.buffer(length == null ? 1024 : Math.min(Integer.parseInt(length), INITIAL_BODY_BYTES));
            lastBytes = System.nanoTime();
            response.handler(chunk -> {
                lastBytes = System.nanoTime();
                if (body.length() + chunk.length() > maxBytes) {
                    tooLarge();
                } else {
                    body.appendBuffer(chunk);
                }
            });
            response.endHandler(end -> answer(response));
        }

        private void answer(HttpClientResponse response) {
            if (!done) {
                inFlight.decrementAndGet();
                headers(response).setBody(body.getBytes());
                finish();
            }
        }

        /**
         * UPSTREAM_TIMEOUT_SECONDS without a byte, from the call's sending to its answer's end (a stream's body is the
         * stream watchdog's once handed on): a provider that never answers, or stalls after its headers, must not hold
         * the request forever. One timer per call, not one per chunk, and not Vert.x's idle timeout beside it (that
         * one stops at the headers): when it fires it looks at the last bytes' time and waits on for what is left.
         */
        private void watchSilence(long delayMillis) {
            silence = vertx.setTimer(delayMillis, fired -> {
                long left = idleTimeoutMillis - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastBytes);
                if (done) {
                    return;
                }
                if (left > 0) {
                    watchSilence(left);
                } else {
                    cutOff(new TimeoutException(headArrived ? "the provider stopped sending its answer"
                            : "the provider did not answer"));
                }
            });
        }

        private Message headers(HttpClientResponse response) {
            Message message = exchange.getMessage();
            message.getHeaders().clear();
            message.setHeader(Exchange.HTTP_RESPONSE_CODE, response.statusCode());
            for (String name : REPLY_HEADERS) {
                String value = response.getHeader(name);
                if (value != null) {
                    message.setHeader(name, value);
                }
            }
            return message;
        }

        private void tooLarge() {
            cutOff(UpstreamErrors.tooLarge(provider(), maxBytes));
        }

        private String provider() {
            return call == null ? "provider" : call.getProvider();
        }

        /** Server-sent events, uncompressed (the gateway asks for no compression and unpacks none). */
        private static boolean isEventStream(HttpClientResponse response) {
            String type = response.getHeader("Content-Type");
            String encoding = response.getHeader("Content-Encoding");
            return type != null && type.regionMatches(true, 0, "text/event-stream", 0, 17)
                    && (encoding == null || encoding.equalsIgnoreCase("identity"));
        }

        /** Ends the call with {@code cause} and closes its connection; the reset's own failure report comes after. */
        void cutOff(Throwable cause) {
            fail(cause);
            request.reset();
        }

        void fail(Throwable cause) {
            if (!done) {
                inFlight.decrementAndGet();
                exchange.setException(cause);
                finish();
            }
        }

        private void finish() {
            done = true;
            headArrived();
            if (timing != null) {
                timing.callEnded();
            }
            if (silence >= 0) {
                vertx.cancelTimer(silence);
            }
            callback.done(false);
        }
    }
}

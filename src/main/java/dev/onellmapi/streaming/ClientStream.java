package dev.onellmapi.streaming;

import dev.onellmapi.wire.ApiError;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The client's side of a streamed answer, written straight to the Vert.x response so each chunk leaves when it is
 * produced (platform-http's own InputStream pump waits to fill 4 KiB before writing). Never blocks: writes come from
 * event loops. Safe to call from several threads at once: the models of a multi-model request write here in
 * parallel.
 * <p>
 * The response head is written with the first chunk, so a request whose every model fails before sending anything
 * can still get a proper error status instead of a 200 stream.
 */
public final class ClientStream extends AbstractAnswerStream {
    private static final byte[] PING = ": ping\n\n".getBytes(StandardCharsets.US_ASCII);

    private final HttpServerResponse response;
    private final StreamFormat format;
    private final List<String> held = new ArrayList<>();
    private boolean started;
    private volatile boolean ended;
    private boolean sentData;
    private final long openedAt = System.nanoTime();
    private long lastPing;

    public ClientStream(HttpServerResponse response) {
        this(response, StreamFormat.CHAT);
    }

    /** A stream written in another client API's format (the Responses and Messages doors' events). */
    public ClientStream(HttpServerResponse response, StreamFormat format) {
        this.response = response;
        this.format = format;
        response.closeHandler(v -> readerGone(true));
        response.drainHandler(v -> drained());
    }

    /** True while the client reads slower than chunks come: the writer should pause its provider. */
    @Override
    public boolean writeQueueFull() {
        try {
            return !isClosed() && !ended && response.writeQueueFull();
        } catch (IllegalStateException alreadyClosed) {
            return false;
        }
    }

    /**
     * Runs once the client has caught up (or is gone). Several models' relays may wait on one client at once, so
     * each waiter is kept, not only the last as Vert.x's one drain handler would.
     */
    @Override
    public void whenDrained(Runnable action) {
        waitForDrain(action);
    }

    @Override
    public synchronized boolean isStarted() {
        return started;
    }

    @Override
    public synchronized void send(String json) {
        sentData = true;
        start();
        write(format.chunk(json));
    }

    /**
     * Writes a {@code : ping} comment if nothing has been sent for {@code intervalNanos} and no chunk yet: it starts
     * the stream (later failures become error events), which is the price of keeping a slow first token's connection
     * open through proxies. Returns false once there is no more reason to ping.
     */
    synchronized boolean pingIfWaiting(long now, long intervalNanos) {
        if (sentData || isEnded()) {
            return false;
        }
        if (now - Math.max(openedAt, lastPing) >= intervalNanos) {
            lastPing = now;
            start();
            write(PING);
        }
        return true;
    }

    /** A chunk that waits for the stream to start (an early failure of one model among several). */
    @Override
    public synchronized void sendWhenStarted(String json) {
        if (started) {
            send(json);
        } else {
            held.add(json);
        }
    }

    /** Ends a stream normally: held chunks, then one {@code [DONE]}. */
    @Override
    public synchronized void finish() {
        start();
        write(format.done());
        end();
    }

    /**
     * True once the answer is complete (or the client left): nothing more will be written. The response itself is
     * asked too: an answer written around this stream (an error before its first chunk) ends it as well.
     */
    public boolean isEnded() {
        return ended || isClosed() || response.ended();
    }

    /**
     * Ends the answer with {@code error}: an error event if the stream has begun, else a plain error answer. Used
     * when the request failed as a whole, and from outside its request's thread when the gateway is stopping;
     * whatever is written afterwards is dropped.
     */
    @Override
    public void abandon(ApiError error) {
        synchronized (this) {
            if (started) {
                fail(error);
                return;
            }
            started = true;
            held.clear();
            if (!isClosed() && !ended) {
                ended = true;
                try {
                    response.setStatusCode(error.status());
                    response.putHeader("Content-Type", "application/json");
                    if (error.retryAfter() != null) {
                        response.putHeader("Retry-After", error.retryAfter());
                    }
                    response.end(Buffer.buffer(format.errorBody(error)));
                } catch (IllegalStateException alreadyClosed) {
                    markClosed();
                }
            }
        }
    }

    /** Ends a stream that began and then failed: an OpenAI error event the SDKs raise, never a silent cut. */
    @Override
    public synchronized void fail(ApiError error) {
        start();
        write(format.error(error));
        end();
    }

    private void start() {
        if (started) {
            return;
        }
        started = true;
        if (!isClosed() && !ended) {
            response.setStatusCode(200);
            response.putHeader("Content-Type", "text/event-stream; charset=utf-8");
            response.putHeader("Cache-Control", "no-cache");
            response.putHeader("X-Accel-Buffering", "no"); // tell nginx-style proxies not to buffer the stream
            response.setChunked(true);
        }
        for (String json : held) {
            write(format.chunk(json));
        }
        held.clear();
    }

    /**
     * Ends the response even when the client already left: platform-http writes its own answer after the route
     * unless the response is ended, and on a connection whose head is sent that fails with a logged stack trace,
     * twice, for every client that hung up. Ending a closed response writes nothing.
     */
    private void end() {
        if (!ended) {
            ended = true;
            try {
                response.end();
            } catch (IllegalStateException alreadyEnded) {
                markClosed();
            }
        }
    }

    private void write(String text) {
        if (!text.isEmpty()) {
            write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Writes without waiting: a writer that outpaces the client checks {@link #writeQueueFull()} and pauses. */
    private void write(byte[] bytes) {
        if (isClosed() || ended) {
            return;
        }
        try {
            response.write(Buffer.buffer(bytes));
        } catch (IllegalStateException alreadyClosed) {
            markClosed();
        }
    }
}

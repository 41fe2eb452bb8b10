package dev.onellmapi.wire;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;

import java.io.IOException;

/**
 * A provider's streamed body, pushed to its one reader (the relay) as it arrives, on the event loop of the provider's
 * connection. It waits paused until the reader starts it, so nothing arrives before there is someone to take it.
 * Or a whole answer already in memory (PaLM, which cannot stream, made one event), pushed at once.
 */
public final class UpstreamStream {
    private static final long CLOSE_WAIT_MILLIS = 5_000;
    private final HttpClientResponse response;
    private final Buffer whole;
    private final Runnable onRelease;
    private final Context context;
    private Handler<Throwable> failed;
    private Throwable failedEarly;
    private boolean released;
    private boolean finished;
    private long dropped;

    private UpstreamStream(HttpClientResponse response, Buffer whole, Runnable onRelease) {
        this.response = response;
        this.whole = whole;
        this.onRelease = onRelease;
        this.context = Vertx.currentContext();
    }

    /**
     * A live body: made on the event loop, in the callback that got the response. {@code released} runs once, when
     * the provider's answer has ended or been aborted.
     */
    public static UpstreamStream live(HttpClientResponse response, Runnable released) {
        UpstreamStream stream = new UpstreamStream(response, null, released);
        response.pause();
        response.exceptionHandler(stream::fail);
        response.endHandler(end -> stream.release());
        return stream;
    }

    public static UpstreamStream of(byte[] whole) {
        return new UpstreamStream(null, Buffer.buffer(whole), () -> {
        });
    }

    /** Starts the flow: each buffer to {@code data}, then {@code end}, or {@code failed} once if it breaks off. */
    public void start(Handler<Buffer> data, Runnable end, Handler<Throwable> failed) {
        if (response == null) {
            data.handle(whole);
            end.run();
            return;
        }
        onContext(() -> {
            this.failed = failed;
            if (failedEarly != null) {
                finished = true;
                failed.handle(failedEarly);
                return;
            }
            response.handler(data);
            response.endHandler(v -> {
                release();
                if (!finished) {
                    finished = true;
                    end.run();
                }
            });
            response.resume();
        });
    }

    public void pause() {
        if (response != null) {
            onContext(response::pause);
        }
    }

    public void resume() {
        if (response != null) {
            onContext(response::resume);
        }
    }

    /** Lets go of the provider's connection at once (client gone, stream failed, idle too long). */
    public void abort() {
        if (response != null) {
            onContext(() -> {
                cut();
                fail(new IOException("the provider's stream was aborted"));
            });
        }
    }

    /**
     * The reader is done (after {@code [DONE]}): whatever the provider still sends (the last chunk of its chunked
     * answer, usually) is dropped, so the connection goes back to the pool instead of being closed.
     */
    public void close() {
        if (response != null) {
            onContext(() -> {
                finished = true;
                response.handler(rest -> {
                    dropped += rest.length();
                    if (dropped > 256 * 1024) { // still sending: not worth keeping the connection
                        cut();
                    }
                });
                response.resume();
                // nor worth waiting for long: a provider that keeps the answer open after [DONE] is cut off
                context.owner().setTimer(CLOSE_WAIT_MILLIS, fired -> cut());
            });
        }
    }

    /** Closes the provider's connection unless its answer already ended. */
    private void cut() {
        if (!released) {
            release();
            response.request().reset();
        }
    }

    private void fail(Throwable broken) {
        release();
        if (finished) {
            return;
        }
        if (failed == null) {
            failedEarly = broken; // told to the reader when it starts
        } else {
            finished = true;
            failed.handle(broken);
        }
    }

    /** Once: the provider's answer is over (ended, broken or aborted), for the count of calls in flight. */
    private void release() {
        if (!released) {
            released = true;
            onRelease.run();
        }
    }

    private void onContext(Runnable action) {
        if (Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }
}

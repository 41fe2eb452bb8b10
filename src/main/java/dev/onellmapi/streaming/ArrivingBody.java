package dev.onellmapi.streaming;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;

/**
 * A provider's streamed body as the relay reads it: the buffers Vert.x's client receives on the event loop, read
 * as an InputStream on the request's worker thread, each as soon as it arrives. At most {@link #PAUSE_AT} bytes wait
 * here: past that the provider's connection is paused until the reader catches up, so a client that reads slowly
 * slows its provider down instead of filling the gateway's memory.
 */
public final class ArrivingBody extends InputStream {
    static final int PAUSE_AT = 256 * 1024;

    private final HttpClientResponse response;
    private final Runnable released;
    private final Context context;
    private final ArrayDeque<Buffer> arrived = new ArrayDeque<>();
    private int queued;
    private boolean paused;
    private boolean ended;
    private boolean discarding;
    private int discarded;
    private Throwable failure;
    private volatile boolean aborted;
    private Buffer current;
    private int position;

    /**
     * Takes over the response's handlers: to be made on the event loop, in the callback that got the response.
     * {@code released} runs once, when the provider's answer has ended or been aborted.
     */
    public ArrivingBody(HttpClientResponse response, Runnable released) {
        this.response = response;
        this.released = released;
        this.context = Vertx.currentContext();
        response.handler(this::arrived);
        response.endHandler(end -> end(null));
        response.exceptionHandler(this::end);
    }

    private synchronized void arrived(Buffer buffer) {
        if (discarding) {
            discarded += buffer.length();
            if (discarded > PAUSE_AT) {
                abort(); // still sending after the reader was done: not worth keeping the connection for
            }
            return;
        }
        arrived.add(buffer);
        queued += buffer.length();
        if (queued >= PAUSE_AT && !paused) {
            paused = true;
            response.pause();
        }
        notifyAll();
    }

    private synchronized void end(Throwable broken) {
        if (!ended) {
            ended = true;
            failure = broken;
            notifyAll();
            released.run();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if ((current == null || position == current.length()) && !next()) {
            return -1;
        }
        int n = Math.min(length, current.length() - position);
        current.getBytes(position, position + n, into, offset);
        position += n;
        return n;
    }

    private boolean next() throws IOException {
        boolean resume = false;
        synchronized (this) {
            try {
                while (arrived.isEmpty() && !ended && !aborted) {
                    wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the provider");
            }
            if (aborted) {
                throw new IOException("the provider's stream was aborted");
            }
            if (arrived.isEmpty()) {
                if (failure != null) {
                    throw new IOException("the provider's stream broke off", failure);
                }
                return false;
            }
            current = arrived.poll();
            position = 0;
            queued -= current.length();
            if (paused && queued < PAUSE_AT / 2) {
                paused = false;
                resume = true;
            }
        }
        if (resume) {
            context.runOnContext(v -> response.resume());
        }
        return true;
    }

    /** Lets go of the provider's connection at once (client gone, stream failed, idle too long); wakes the reader. */
    public void abort() {
        boolean reset;
        synchronized (this) {
            aborted = true;
            reset = !ended;
            ended = true;
            notifyAll();
        }
        if (reset) {
            released.run();
            response.request().reset();
        }
    }

    /**
     * The reader is done (after {@code [DONE]}): whatever the provider still sends (the last chunk of its chunked
     * answer, usually) is read and dropped, so the connection goes back to the pool instead of being closed.
     */
    @Override
    public void close() {
        boolean resume;
        synchronized (this) {
            if (ended) {
                return;
            }
            discarding = true;
            arrived.clear();
            resume = paused;
            paused = false;
        }
        if (resume) {
            context.runOnContext(v -> response.resume());
        }
    }
}

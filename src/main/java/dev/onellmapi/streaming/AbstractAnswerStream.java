package dev.onellmapi.streaming;

import dev.onellmapi.request.AnswerStream;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What every {@link AnswerStream} keeps alike, whoever reads it (an HTTP client, a route): the relays waiting for the
 * reader to catch up (several models of one request may wait at once, so each is kept), those to tell when the reader
 * goes away, and whether it has.
 */
public abstract class AbstractAnswerStream implements AnswerStream {
    private final List<Runnable> onClose = new CopyOnWriteArrayList<>();
    private final Queue<Runnable> onDrain = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    /** Keeps {@code action} for when the reader has caught up; runs the waiters at once if it is not behind. */
    protected final void waitForDrain(Runnable action) {
        onDrain.add(action);
        if (!writeQueueFull()) {
            drained();
        }
    }

    /** The reader has caught up (or is gone): every waiting relay goes on. */
    protected final void drained() {
        Runnable action;
        while ((action = onDrain.poll()) != null) {
            action.run();
        }
    }

    /** Runs when the reader goes away (at once if it already has): lets go of the upstream calls. */
    @Override
    public final void onClose(Runnable action) {
        onClose.add(action);
        if (closed) {
            action.run();
        }
    }

    /** True once the reader went away; relays stop and let go of their upstream. */
    @Override
    public final boolean isClosed() {
        return closed;
    }

    /** Nothing can be written any more (the connection failed under a write): nobody is told. */
    protected final void markClosed() {
        closed = true;
    }

    /**
     * The reader went away: those waiting to be told are (when {@code tell}: not after a complete answer), and the
     * waiting relays go on, to find it gone.
     */
    protected final void readerGone(boolean tell) {
        closed = true;
        if (tell) {
            onClose.forEach(Runnable::run);
        }
        drained();
    }
}

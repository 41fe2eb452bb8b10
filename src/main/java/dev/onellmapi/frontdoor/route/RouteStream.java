package dev.onellmapi.frontdoor.route;

import com.fasterxml.jackson.databind.JsonNode;
import dev.onellmapi.OneLlmApiException;
import dev.onellmapi.wire.ApiError;
import dev.onellmapi.wire.Json;
import dev.onellmapi.streaming.AbstractAnswerStream;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.apache.camel.RuntimeCamelException;

import java.io.Closeable;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A streamed answer on its way to a route: the gateway's relay puts each chunk here from its event loops, never
 * waiting; the route reads the text deltas (or, with {@code output=json}, the {@code chat.completion.chunk}s as JSON
 * text) in arrival order through {@link #reader()}, an {@link Iterator} a {@code split} with {@code streaming: true}
 * passes on one by one while the provider is still sending the rest (Camel's splitter asks for the next element
 * before it sends one on, to know the last: a delta moves on when the next one arrives, or the answer ends).
 * <p>
 * When the route reads slower than the provider sends, {@link #writeQueueFull()} tells the relay to pause the
 * provider and {@link #whenDrained} resumes it once the route has caught up: a slow route holds about
 * {@code capacity} deltas (plus one network buffer's worth). The gateway's stream watchdog bounds the route's wait
 * (an idle provider ends the stream with an error). Closing the reader (the splitter does, at its end) lets go of a
 * provider still sending; a reader the route drops without closing is closed when it is garbage-collected, so an
 * ignored stream does not hold its provider's connection for ever.
 */
public final class RouteStream extends AbstractAnswerStream {
    private static final Object END = new Object();
    private static final Cleaner DROPPED_READERS = Cleaner.create();

    private final boolean text;
    private final int capacity;
    private final LinkedBlockingQueue<Object> items = new LinkedBlockingQueue<>();
    private Runnable onStart;
    private volatile boolean started;
    private volatile boolean ended;

    /**
     * @param text     true: each chunk's text deltas; false: each chunk's JSON as it came
     * @param capacity deltas held for a slow route before the provider is paused
     */
    public RouteStream(boolean text, int capacity) {
        this.text = text;
        this.capacity = capacity;
    }

    /** The route's side: an iterator over the answer as it arrives (one per stream). */
    public Reader reader() {
        Reader reader = new Reader(this);
        DROPPED_READERS.register(reader, this::close); // the action holds the stream, never the reader
        return reader;
    }

    // ---- the gateway's side: called from event loops, never blocking

    /** One {@code chat.completion.chunk} of the answer (several models: interleaved in arrival order). */
    @Override
    public void send(String chunkJson) {
        if (isClosed() || ended) {
            return;
        }
        if (!text) {
            items.add(chunkJson);
        } else {
            for (String delta : textDeltas(chunkJson)) {
                items.add(delta);
            }
        }
        start();
    }

    /** A failed model's chunk among several: the route's reader starts with it like with any other. */
    @Override
    public void sendWhenStarted(String chunkJson) {
        send(chunkJson);
    }

    /** The answer is complete. */
    @Override
    public void finish() {
        end(END);
    }

    /** The answer broke off after it began: the reader throws this where the route reads. */
    public void fail(OneLlmApiException error) {
        end(error);
    }

    @Override
    public void fail(ApiError error) {
        fail(RouteErrors.of(error, null));
    }

    /** Before the start the request's own failure reaches the route (as its exception); after it, the reader's. */
    @Override
    public void abandon(ApiError error) {
        if (started) {
            fail(error);
        } else {
            ended = true;
        }
    }

    private synchronized void end(Object last) {
        if (!ended) {
            ended = true;
            items.add(last);
            start();
        }
    }

    /** True once the answer began (its first chunk, or its end): from then on the route reads it here. */
    @Override
    public boolean isStarted() {
        return started;
    }

    /** Runs once when the answer begins (at once if it has): the route then goes on with the reader as its body. */
    public void onStart(Runnable action) {
        synchronized (this) {
            if (!started) {
                onStart = action;
                return;
            }
        }
        action.run();
    }

    private void start() {
        Runnable action;
        synchronized (this) {
            if (started) {
                return;
            }
            started = true;
            action = onStart;
            onStart = null;
        }
        if (action != null) {
            action.run();
        }
    }

    /** True while the route reads slower than the provider sends: the relay should pause its provider. */
    @Override
    public boolean writeQueueFull() {
        return !isClosed() && !ended && items.size() >= capacity;
    }

    /**
     * Runs {@code action} on the caller's event loop (the relay's: the route's thread must not resume a provider
     * itself) once the route has read the queue down to half its capacity, or stopped reading.
     */
    @Override
    public void whenDrained(Runnable action) {
        Context loop = Vertx.currentContext();
        waitForDrain(loop == null ? action : () -> loop.runOnContext(v -> action.run()));
    }

    /** True once nothing more will be sent: finished, failed or closed by the route. */
    public boolean isEnded() {
        return ended || isClosed();
    }

    private void close() {
        if (isClosed()) {
            return;
        }
        markClosed(); // the relay adds nothing more
        items.clear();
        items.add(END); // wakes a reader waiting on another thread
        readerGone(!ended);
    }

    private Object take() {
        if (isClosed()) {
            return END;
        }
        try {
            Object item = items.poll();
            if (item == null) {
                drained(); // a provider paused while the route emptied the queue must not wait for ever
                item = items.take();
            }
            if (items.size() <= capacity / 2) {
                drained();
            }
            return item;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new RuntimeCamelException("interrupted while waiting for the model's stream", e);
        }
    }

    /** The text of each choice's delta in a chunk, in order; chunks without text (role, finish, usage) give none. */
    static List<String> textDeltas(String chunkJson) {
        JsonNode chunk = Json.parseObjectOrNull(chunkJson);
        List<String> deltas = new ArrayList<>(1);
        if (chunk == null) {
            return deltas;
        }
        for (JsonNode choice : chunk.path("choices")) {
            JsonNode content = choice.path("delta").path("content");
            if (content.isTextual() && !content.asText().isEmpty()) {
                deltas.add(content.asText());
            }
        }
        return deltas;
    }

    /**
     * The route's body with {@code stream=true}. The route's thread waits in {@link #hasNext()}; a failure after the
     * stream began is thrown there as {@link OneLlmApiException}.
     */
    public static final class Reader implements Iterator<String>, Closeable {
        private final RouteStream stream;
        private Object next;

        private Reader(RouteStream stream) {
            this.stream = stream;
        }

        @Override
        public boolean hasNext() {
            if (next == null) {
                next = stream.take();
            }
            if (next instanceof OneLlmApiException error) {
                next = END; // thrown once; the answer is over after it
                throw error;
            }
            return next != END;
        }

        @Override
        public String next() {
            if (!hasNext()) {
                throw new NoSuchElementException("the answer is complete");
            }
            String item = (String) next;
            next = null;
            return item;
        }

        /** The route is done with the stream: a stream still running is let go of (the provider's call aborted). */
        @Override
        public void close() {
            stream.close();
        }
    }
}

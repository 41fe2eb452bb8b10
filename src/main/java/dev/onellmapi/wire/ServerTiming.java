package dev.onellmapi.wire;

/**
 * One request's {@code Server-Timing}: {@code gateway;dur=} the milliseconds the gateway spent of its own, and
 * {@code upstream;dur=} the milliseconds spent waiting for providers' first bytes. Both are read when the answer's
 * head is written, so a stream's header stops at its head (the provider's later time is not the gateway's).
 * <p>
 * Time with a provider call open (sent until its answer ended, or until a stream's head) is the provider's; the
 * gateway's is the rest, from the whole request read to the head. Calls made in parallel (a multi-model request)
 * count once: only the time with at least one call open (or waiting for its first byte) counts. Retries and
 * fallbacks add their calls.
 * Written from the event loops of parallel calls: every method holds the lock, a few nanoseconds per call.
 */
public final class ServerTiming {
    public static final String HEADER = "Server-Timing";

    private long start = System.nanoTime();
    private final Span open = new Span();
    private final Span waiting = new Span();

    /** Time with at least one call in a state: calls in parallel count once. */
    private static final class Span {
        private int calls;
        private long since;
        private long nanos;

        void begin(long now) {
            if (calls++ == 0) {
                since = now;
            }
        }

        void end(long now) {
            if (calls > 0 && --calls == 0) {
                nanos += now - since;
            }
        }

        long at(long now) {
            return nanos + (calls > 0 ? now - since : 0);
        }
    }

    /** The whole request has been read: the gateway's time starts now (a slow upload is the client's). */
    public synchronized void requestRead() {
        start = System.nanoTime();
    }

    /** A call to a provider was sent. */
    public synchronized void callSent() {
        long now = System.nanoTime();
        open.begin(now);
        waiting.begin(now);
    }

    /** The head of a call's answer arrived (its first byte), or the call failed before it. Once per call. */
    public synchronized void headArrived() {
        waiting.end(System.nanoTime());
    }

    /** The call's answer ended (read whole, failed, or a stream handed on at its head). Once per call. */
    public synchronized void callEnded() {
        open.end(System.nanoTime());
    }

    /** The header's value now, e.g. {@code gateway;dur=0.21, upstream;dur=12.5}. */
    public synchronized String header() {
        long now = System.nanoTime();
        long gateway = Math.max(0, now - start - open.at(now));
        return "gateway;dur=" + millis(gateway) + ", upstream;dur=" + millis(waiting.at(now));
    }

    /** Milliseconds with two decimals (microseconds matter here: the gateway's own time is a fraction of one). */
    private static String millis(long nanos) {
        long hundredths = (nanos + 5_000) / 10_000;
        long fraction = hundredths % 100;
        return hundredths / 100 + (fraction < 10 ? ".0" : ".") + fraction;
    }
}

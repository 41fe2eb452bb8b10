package dev.onellmapi.limits;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** {@link RateCounters} in this process only: one small window object per key, locked for a few instructions. */
public final class LocalRateCounters implements RateCounters {
    private static final class Window {
        long minute = -1;
        long requests;
        long tokens;
    }

    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    @Override
    public void reserve(String keyId, long minute, Long rpm, Long tpm, long promptTokens, long reservedTokens,
                        SpendHold hold, Consumer<RateDecision> then) {
        then.accept(decide(keyId, minute, rpm, tpm, promptTokens, reservedTokens));
    }

    RateDecision decide(String keyId, long minute, Long rpm, Long tpm, long promptTokens, long reservedTokens) {
        Window w = windows.computeIfAbsent(keyId, k -> new Window());
        synchronized (w) {
            if (w.minute != minute) {
                w.minute = minute;
                w.requests = 0;
                w.tokens = 0;
            }
            if (rpm != null && w.requests >= rpm) {
                return new RateDecision(false, "requests", w.requests, w.tokens);
            }
            if (tpm != null && (w.tokens >= tpm || w.tokens + promptTokens > tpm)) {
                return new RateDecision(false, "tokens", w.requests, w.tokens);
            }
            w.requests++;
            w.tokens += reservedTokens;
            return new RateDecision(true, null, w.requests, w.tokens);
        }
    }

    /** The minute's counts this process counted or last saw in Redis (none for another minute). */
    RateDecision counted(String keyId, long minute) {
        Window w = windows.get(keyId);
        if (w == null) {
            return new RateDecision(true, null, 0, 0);
        }
        synchronized (w) {
            return w.minute == minute ? new RateDecision(true, null, w.requests, w.tokens)
                    : new RateDecision(true, null, 0, 0);
        }
    }

    /** The shared counts of a minute, as Redis answered them: where counting alone would go on from. */
    void seen(String keyId, long minute, long requests, long tokens) {
        Window w = windows.computeIfAbsent(keyId, k -> new Window());
        synchronized (w) {
            if (minute < w.minute) { // a late answer of a minute that is over
                return;
            }
            w.minute = minute;
            w.requests = requests;
            w.tokens = tokens;
        }
    }

    @Override
    public void settle(String keyId, long minute, long delta) {
        Window w = windows.get(keyId);
        if (w == null) {
            return;
        }
        synchronized (w) {
            if (w.minute == minute) {
                w.tokens = Math.max(0, w.tokens + delta);
            }
        }
    }
}

package dev.onellmapi.limits;

import dev.onellmapi.keys.VirtualKey;
import io.vertx.core.MultiMap;

/**
 * OpenAI's rate-limit headers, for each limit the key has: {@code x-ratelimit-limit-requests},
 * {@code -remaining-requests}, {@code -reset-requests} and the same three for {@code -tokens}; resets written as
 * OpenAI writes them ({@code 20ms}, {@code 17s}, {@code 1m0s}).
 */
public final class RateLimitHeaders {
    private RateLimitHeaders() {
    }

    public static void put(MultiMap headers, VirtualKey key, RateDecision decision, long resetMillis) {
        String reset = duration(resetMillis);
        if (key.rpmLimit() != null) {
            headers.set("x-ratelimit-limit-requests", String.valueOf(key.rpmLimit()));
            headers.set("x-ratelimit-remaining-requests", String.valueOf(Math.max(0, key.rpmLimit() - decision.requests())));
            headers.set("x-ratelimit-reset-requests", reset);
        }
        if (key.tpmLimit() != null) {
            headers.set("x-ratelimit-limit-tokens", String.valueOf(key.tpmLimit()));
            headers.set("x-ratelimit-remaining-tokens", String.valueOf(Math.max(0, key.tpmLimit() - decision.tokens())));
            headers.set("x-ratelimit-reset-tokens", reset);
        }
    }

    /** Go's duration format as OpenAI uses it: under a second in ms, else whole seconds, minutes from 60 s. */
    public static String duration(long millis) {
        if (millis < 1000) {
            return Math.max(0, millis) + "ms";
        }
        long seconds = (millis + 999) / 1000;
        return seconds < 60 ? seconds + "s" : (seconds / 60) + "m" + (seconds % 60) + "s";
    }
}

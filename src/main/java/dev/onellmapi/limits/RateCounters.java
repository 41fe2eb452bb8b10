package dev.onellmapi.limits;

import java.util.function.Consumer;

/**
 * Requests and tokens per key per minute (fixed one-minute windows, UTC). One request is refused when the minute's
 * requests reached rpm, or its tokens reached tpm or would pass it with the prompt alone; an admitted one adds 1 and
 * its reservation (prompt + allowance for the answer), settled later with the real usage, so a burst cannot pass the
 * limit by more than one request's answer. {@link LocalRateCounters} counts in this process,
 * {@link RedisRateCounters} for every instance sharing a Redis.
 */
public interface RateCounters {
    /** Decides for one request; {@code then} may run on another thread, never before the decision is made. */
    void reserve(String keyId, long minute, Long rpm, Long tpm, long promptTokens, long reservedTokens,
                 Consumer<RateDecision> then);

    /**
     * The minute's counts, adding nothing (for the headers of a request refused for another reason): a limit of zero
     * requests is refused before anything is counted, by every implementation.
     */
    default void read(String keyId, long minute, Consumer<RateDecision> then) {
        reserve(keyId, minute, 0L, null, 0, 0, then);
    }

    /** Corrects a minute's tokens by {@code delta} (real usage minus the reservation). */
    void settle(String keyId, long minute, long delta);

    /** Where the counters are, for the health answer: "local", "redis" or "local (redis unreachable)". */
    default String mode() {
        return "local";
    }
}

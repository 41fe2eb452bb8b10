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
    /**
     * Decides for one request; {@code then} may run on another thread, never before the decision is made. A
     * {@code hold} (a key with a budget) is refused when the holds of every instance fill its room, else taken; only
     * shared counters take it ({@link #holdsSpend}), this process's own holds are in {@link SpendCounters}.
     */
    void reserve(String keyId, long minute, Long rpm, Long tpm, long promptTokens, long reservedTokens,
                 SpendHold hold, Consumer<RateDecision> then);

    /** Whether {@link #reserve} holds spend across instances: then a key with a budget asks it even without limits. */
    default boolean holdsSpend() {
        return false;
    }

    /** Gives back a hold the shared counters took ({@link RateDecision#sharedHold()}). */
    default void release(String keyId, SpendHold hold) {
    }

    /**
     * The minute's counts, adding nothing (for the headers of a request refused for another reason): a limit of zero
     * requests is refused before anything is counted, by every implementation.
     */
    default void read(String keyId, long minute, Consumer<RateDecision> then) {
        reserve(keyId, minute, 0L, null, 0, 0, null, then);
    }

    /** Corrects a minute's tokens by {@code delta} (real usage minus the reservation). */
    void settle(String keyId, long minute, long delta);

    /** Where the counters are, for the health answer: "local", "redis" or "local (redis unreachable)". */
    default String mode() {
        return "local";
    }
}

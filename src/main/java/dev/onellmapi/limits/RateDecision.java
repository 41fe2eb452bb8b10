package dev.onellmapi.limits;

/**
 * The counters' answer for one request: allowed or refused ({@code refusedBy} "requests", "tokens" or "budget"), the
 * minute's counts after it (what the x-ratelimit-remaining-* headers are made from), and whether the request's
 * {@link SpendHold} was taken in the shared counters (then released there when the request is over).
 */
public record RateDecision(boolean allowed, String refusedBy, long requests, long tokens, boolean sharedHold) {
    public RateDecision(boolean allowed, String refusedBy, long requests, long tokens) {
        this(allowed, refusedBy, requests, tokens, false);
    }
}

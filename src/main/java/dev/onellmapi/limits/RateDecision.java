package dev.onellmapi.limits;

/**
 * The counters' answer for one request: allowed or refused ({@code refusedBy} "requests" or "tokens"), and the
 * minute's counts after it (what the x-ratelimit-remaining-* headers are made from).
 */
public record RateDecision(boolean allowed, String refusedBy, long requests, long tokens) {
}

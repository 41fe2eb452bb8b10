package dev.onellmapi.settings;

/**
 * The circuit breaker kept per provider key and per placement (an Azure resource): it opens when at least
 * {@code failureRatePercent} of the last {@code window} calls failed (once {@code minimumCalls} were made) and lets a
 * few calls through again after {@code openSeconds}.
 */
public record BreakerSettings(int failureRatePercent, int window, int minimumCalls, int openSeconds) {
}

package dev.onellmapi.limits;

/** What admission counted against a key in a minute: settled with the real tokens once the answers are in. */
public record RateReservation(String keyId, long minute, long reservedTokens) {
}

package dev.onellmapi.wire;

/** One server-sent event as read from a provider: its {@code event:} name (may be null) and joined data lines. */
public record SseEvent(String event, String data) {
}

package dev.onellmapi.streaming;

/** One server-sent event as read from a provider: its {@code event:} name (may be null) and joined data lines. */
public record SseEvent(String event, String data) {
}

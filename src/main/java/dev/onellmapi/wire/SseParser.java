package dev.onellmapi.wire;

import io.vertx.core.buffer.Buffer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Parses server-sent events from a provider's body as its bytes arrive: an event is handed out as soon as its blank
 * line is fed, never after waiting for more. Accepts LF, CRLF and CR line ends (Gemini uses CRLF). Comment lines
 * ({@code : ...}) are dropped here, so they can never be rewrapped as data. One instance per stream.
 */
public final class SseParser {
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private final int maxEventBytes;
    private boolean lastWasCr;
    private String event;
    private StringBuilder data;

    /** Takes each event; false once the stream is over for the reader (OpenAI's {@code [DONE]}). */
    @FunctionalInterface
    public interface Events {
        boolean on(SseEvent event);
    }

    /** An event (or a line) longer than the limit: a provider never makes the gateway hold more. */
    public static final class EventTooLarge extends RuntimeException {
        EventTooLarge() {
            super("event larger than UPSTREAM_MAX_RESPONSE_BYTES", null, false, false);
        }
    }

    public SseParser(int maxEventBytes) {
        this.maxEventBytes = maxEventBytes;
    }

    /** Parses the bytes; returns false as soon as {@code events} said the stream is over (the rest is ignored). */
    public boolean feed(Buffer bytes, Events events) {
        for (int i = 0, n = bytes.length(); i < n; i++) {
            byte b = bytes.getByte(i);
            if (b == '\n' && lastWasCr) {
                lastWasCr = false;
                continue; // the LF of a CRLF already ended the line at the CR
            }
            lastWasCr = b == '\r';
            if (b == '\n' || b == '\r') {
                if (!line(events)) {
                    return false;
                }
            } else if (line.size() >= maxEventBytes) {
                throw new EventTooLarge();
            } else {
                line.write(b);
            }
        }
        return true;
    }

    /** The body ended: a last line or event without its blank line is still handed out. */
    public void finish(Events events) {
        if (line.size() > 0 && !line(events)) {
            return;
        }
        if (data != null) {
            events.on(new SseEvent(event, data.toString()));
        }
    }

    private boolean line(Events events) {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (text.isEmpty()) {
            SseEvent complete = data == null ? null : new SseEvent(event, data.toString());
            event = null; // an event with no data is not dispatched
            data = null;
            return complete == null || events.on(complete);
        }
        if (text.charAt(0) == ':') {
            return true;
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1 < text.length() && text.charAt(colon + 1) == ' '
                ? colon + 2 : colon + 1);
        if (field.equals("data")) {
            if (data == null) {
                data = new StringBuilder(value);
            } else if (data.length() + value.length() >= maxEventBytes) {
                throw new EventTooLarge();
            } else {
                data.append('\n').append(value);
            }
        } else if (field.equals("event")) {
            event = value;
        }
        return true;
    }
}

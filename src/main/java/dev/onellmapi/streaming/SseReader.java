package dev.onellmapi.streaming;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads server-sent events from a provider's body as they arrive: an event is handed out as soon as its blank line
 * is read, never after waiting for more bytes. Accepts LF, CRLF and CR line ends (Gemini uses CRLF). Comment lines
 * ({@code : ...}) are dropped here, so they can never be rewrapped as data.
 */
public final class SseReader implements Closeable {
    private final InputStream in;
    private final byte[] buffer = new byte[8192];
    private int pos;
    private int limit;
    private boolean lastWasCr;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private final int maxEventBytes;

    /** An event (or a line) longer than the limit: a provider never makes the gateway hold more. */
    public static final class EventTooLarge extends IOException {
        EventTooLarge() {
            super("event larger than UPSTREAM_MAX_RESPONSE_BYTES");
        }
    }

    public SseReader(InputStream in, int maxEventBytes) {
        this.in = in;
        this.maxEventBytes = maxEventBytes;
    }

    /** The next event, or null at the end of the body. A last event without its blank line is still returned. */
    public SseEvent next() throws IOException {
        String event = null;
        StringBuilder data = null;
        String text;
        while ((text = readLine()) != null) {
            if (text.isEmpty()) {
                if (data != null) {
                    return new SseEvent(event, data.toString());
                }
                event = null; // an event with no data is not dispatched
                continue;
            }
            if (text.charAt(0) == ':') {
                continue;
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
        }
        return data == null ? null : new SseEvent(event, data.toString());
    }

    private String readLine() throws IOException {
        line.reset();
        while (true) {
            if (pos == limit) {
                limit = in.read(buffer);
                pos = 0;
                if (limit <= 0) {
                    limit = 0;
                    return line.size() > 0 ? line.toString(StandardCharsets.UTF_8) : null;
                }
            }
            byte b = buffer[pos++];
            if (b == '\n' && lastWasCr) {
                lastWasCr = false;
                continue; // the LF of a CRLF already ended the line at the CR
            }
            lastWasCr = b == '\r';
            if (b == '\n' || b == '\r') {
                return line.toString(StandardCharsets.UTF_8);
            }
            if (line.size() >= maxEventBytes) {
                throw new EventTooLarge();
            }
            line.write(b);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

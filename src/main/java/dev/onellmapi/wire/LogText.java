package dev.onellmapi.wire;

/**
 * Text a client or a provider chose (a model name, an error code), as a log line quotes it: at most
 * {@value #MAX_CHARS} characters, so one request cannot write megabytes into the log.
 */
public final class LogText {
    static final int MAX_CHARS = 100;

    private LogText() {
    }

    public static String cap(String text) {
        if (text == null || text.length() <= MAX_CHARS) {
            return text;
        }
        return text.substring(0, MAX_CHARS) + "...(" + text.length() + " chars)";
    }
}

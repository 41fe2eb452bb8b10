package dev.onellmapi.streaming;

import java.io.IOException;
import java.io.InputStream;

/**
 * Ends a provider's streamed body. Closing lets the rest of the answer arrive and be dropped so the connection can be
 * reused, which is right after a normal end and wrong when the client left or the stream failed: then the connection
 * is aborted, which also wakes a read blocked on it.
 */
public final class UpstreamBody {
    private UpstreamBody() {
    }

    static void close(InputStream body) {
        try {
            body.close();
        } catch (IOException ignored) {
            // the stream is over either way
        }
    }

    public static void abort(InputStream body) {
        if (body instanceof ArrivingBody arriving) {
            arriving.abort();
        } else {
            close(body); // an answer already in memory (PaLM's, made one event)
        }
    }
}

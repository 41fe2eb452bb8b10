package dev.onellmapi.streaming;

import org.apache.hc.core5.http.io.EofSensorInputStream;

import java.io.IOException;
import java.io.InputStream;

/**
 * Ends a provider's response body. Closing an HttpClient body reads it to its end so the connection can be reused,
 * which is right after a normal end and wrong when the client left or the stream failed: then the connection is
 * aborted, which also wakes a read blocked on it.
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
        try {
            if (body instanceof EofSensorInputStream sensor) {
                sensor.abort();
            } else {
                body.close();
            }
        } catch (IOException ignored) {
            // aborting a dead connection
        }
    }
}

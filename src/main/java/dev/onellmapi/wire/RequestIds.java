package dev.onellmapi.wire;

import io.vertx.core.http.HttpServerRequest;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Every request's id: the client's own {@code x-request-id} when it sent one of at most 64 safe characters (so it
 * can follow a request through its own logs and ours), else a new one. It goes back as {@code x-request-id} on every
 * answer, names the request in the log line of any failure, and is the ledger's {@code request_id}.
 */
public final class RequestIds {
    public static final String HEADER = "x-request-id";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private RequestIds() {
    }

    /** The id for a request that sent {@code fromClient} (null when it sent none). */
    public static String of(String fromClient) {
        return fromClient != null && SAFE.matcher(fromClient).matches() ? fromClient : newId();
    }

    /**
     * The request's id, given once (by the gateway's own server for every request, else by the first of its endpoints
     * to see it) and set on its answer at once, so every answer carries it, a stream's and an error page's included.
     */
    public static String given(HttpServerRequest request) {
        String id = request.response().headers().get(HEADER);
        if (id == null) {
            id = of(request.getHeader(HEADER));
            request.response().putHeader(HEADER, id);
        }
        return id;
    }

    /** Unique, not secret: ThreadLocalRandom (SecureRandom would take a lock per request for nothing). */
    public static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "req_" + HexFormat.of().toHexDigits(random.nextLong()) + HexFormat.of().toHexDigits(random.nextInt());
    }
}

package dev.onellmapi.usage;

import dev.onellmapi.keys.VirtualKey;
import dev.onellmapi.limits.RateReservation;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One request's accounting, in its context from admission to the ledger: its id (the client's x-request-id), when it
 * began, the caller's key (null: a master key), the client API it came in by and the client's session id (or null),
 * the tokens reserved against its tpm limit, and one {@link UsageMeter} per streamed model. A multi-model request's
 * parts share it.
 */
public final class RequestUsage {
    private final String requestId;
    private final long startNanos;
    private final VirtualKey key;
    private final String masterId;
    private final String api;
    private final String sessionId;
    private final AtomicReferenceArray<UsageMeter> meters;
    private volatile RateReservation reservation;

    /** @param masterId the ledger's key_id when {@code key} is null: {@code master}, or a route's */
    public RequestUsage(String requestId, long startNanos, VirtualKey key, String masterId, int models, String api,
                        String sessionId) {
        this.requestId = requestId;
        this.startNanos = startNanos;
        this.key = key;
        this.masterId = masterId;
        this.api = api;
        this.sessionId = sessionId;
        this.meters = new AtomicReferenceArray<>(models);
    }

    public String requestId() {
        return requestId;
    }

    public long startNanos() {
        return startNanos;
    }

    public VirtualKey key() {
        return key;
    }

    public String api() {
        return api;
    }

    public String sessionId() {
        return sessionId;
    }

    public String keyId() {
        return key == null ? masterId : key.id();
    }

    public RateReservation reservation() {
        return reservation;
    }

    public void reservation(RateReservation reservation) {
        this.reservation = reservation;
    }

    void meter(int position, UsageMeter meter) {
        if (position < meters.length()) {
            meters.set(position, meter);
        }
    }

    public UsageMeter meter(int position) {
        return position < meters.length() ? meters.get(position) : null;
    }
}

package dev.onellmapi.usage;

import dev.onellmapi.keys.VirtualKey;
import dev.onellmapi.limits.RateReservation;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One request's accounting, in its context from admission to the ledger: its id (the client's x-request-id), when it
 * began, the caller's key (null: a master key), the client API it came in by and the client's session id (or null),
 * the tokens reserved against its tpm limit, what it holds of its key's budget, and one {@link UsageMeter} per
 * streamed model. A multi-model request's parts share it.
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
    private List<Runnable> holds; // guarded by this

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

    /** Adds a hold on the key's budget, given back by {@link #releaseHolds}. */
    public synchronized void hold(Runnable release) {
        if (holds == null) {
            holds = new ArrayList<>(2);
        }
        holds.add(release);
    }

    /**
     * Gives the holds back, once: when the real cost was just counted (so a client that has the answer finds its
     * spend, not its hold, whatever thread writes the answer), or when the request ended without one.
     */
    public void releaseHolds() {
        List<Runnable> released;
        synchronized (this) {
            released = holds;
            holds = null;
        }
        if (released != null) {
            released.forEach(Runnable::run);
        }
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

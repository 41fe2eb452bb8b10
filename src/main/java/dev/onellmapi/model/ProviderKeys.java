package dev.onellmapi.model;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The keys of one provider, used in turn (one turn per call). A key the provider refuses (401/403) is set aside for
 * KEY_COOLDOWN_SECONDS: the next calls skip it while another key is not set aside. The headers of each key are made
 * once at start. Logs name the provider and the key's position, never the key.
 */
public final class ProviderKeys {
    private static final Logger LOG = LoggerFactory.getLogger(ProviderKeys.class);

    private final String provider;
    private final List<String> keys;
    private final List<Map<String, String>> headers;
    private final AtomicInteger turn = new AtomicInteger();
    /** Per key, System.nanoTime() until which it is set aside; 0: in use. */
    private final AtomicLongArray asideUntil;
    private final long cooldownNanos;

    /**
     * @param keys    the keys; a provider that takes none (a local server) has one empty key, and no auth header
     * @param headers each key's headers, same order
     */
    public ProviderKeys(String provider, List<String> keys, List<Map<String, String>> headers, int cooldownSeconds) {
        if (keys.isEmpty() || keys.size() != headers.size()) {
            throw new IllegalArgumentException("one header set per key");
        }
        this.provider = provider;
        this.keys = List.copyOf(keys);
        this.headers = List.copyOf(headers);
        this.asideUntil = new AtomicLongArray(keys.size());
        this.cooldownNanos = cooldownSeconds * 1_000_000_000L;
    }

    /** The headers of a provider with one key (or none): its type's auth header, if any, and the extras. */
    public static Map<String, String> headers(Map<String, String> auth, Map<String, String> extras) {
        Map<String, String> all = new LinkedHashMap<>(extras);
        all.putAll(auth);
        return Map.copyOf(all);
    }

    public int size() {
        return keys.size();
    }

    public Map<String, String> headers(int position) {
        return headers.get(position);
    }

    /** The keys themselves, for the secret redactor only. */
    public List<String> secrets() {
        return keys;
    }

    /**
     * The positions to try for one call, the one whose turn it is first, keys set aside left out; when every key is
     * set aside, all of them, the one whose time is up soonest first (a provider is never left without a key to try:
     * one with a single key behaves as before). A call of a client {@code session} (Claude Code's X-Claude-Code-Session-Id, or null) starts
     * with the session's own key, every time, so the provider's prompt cache for that key stays warm; when that key is
     * set aside (or its breaker is open), the next.
     */
    public int[] inTurn(String session) {
        int n = keys.size();
        if (n == 1) {
            return ONE;
        }
        int first = session == null ? Math.floorMod(turn.getAndIncrement(), n) : Math.floorMod(session.hashCode(), n);
        long now = System.nanoTime();
        int[] order = new int[n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            int position = (first + i) % n;
            if (!isAside(position, now)) {
                order[count++] = position;
            }
        }
        if (count > 0) {
            return count == n ? order : Arrays.copyOf(order, count);
        }
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(i);
        }
        all.sort((a, b) -> Long.compare(asideUntil.get(a) - now, asideUntil.get(b) - now));
        return all.stream().mapToInt(Integer::intValue).toArray();
    }

    private static final int[] ONE = {0};

    private boolean isAside(int position, long now) {
        long until = asideUntil.get(position);
        return until != 0 && until - now > 0;
    }

    /** The provider refused the key at {@code position} with {@code status}: set aside for the cool-down. */
    public void setAside(int position, int status) {
        long until = System.nanoTime() + cooldownNanos;
        asideUntil.set(position, until == 0 ? 1 : until);
        LOG.warn("Provider '{}' refused its key {} of {} ({}); that key is set aside for {} s", provider,
                position + 1, keys.size(), status, cooldownNanos / 1_000_000_000L);
    }

    /** The name of the circuit breaker of the key at {@code position}: the provider's name when it has one key. */
    public String breakerName(int position) {
        return keys.size() == 1 ? provider : provider + "#" + (position + 1);
    }
}

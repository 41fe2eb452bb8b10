package dev.onellmapi.keys;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every virtual key in memory, by the hex SHA-256 of the key and by id: what the request path checks (no database
 * read per request). Replaced whole by the background refresh every KEYS_REFRESH_SECONDS, and changed at once by the
 * admin API of this instance (a deleted key stops here immediately).
 */
public final class KeyRing {
    private record Snapshot(Map<String, VirtualKey> byHash, Map<String, VirtualKey> byId) {
    }

    private volatile Snapshot snapshot = new Snapshot(Map.of(), Map.of());

    /** The key whose hash this is, deleted ones included (they are refused), or null. */
    public VirtualKey byHash(String hash) {
        return snapshot.byHash.get(hash);
    }

    public VirtualKey byId(String id) {
        return snapshot.byId.get(id);
    }

    public Collection<VirtualKey> all() {
        return snapshot.byId.values();
    }

    /** The whole set, as the database has it. */
    public synchronized void replaceAll(List<VirtualKey> keys) {
        Map<String, VirtualKey> byHash = new HashMap<>();
        Map<String, VirtualKey> byId = new HashMap<>();
        for (VirtualKey key : keys) {
            byHash.put(key.hash(), key);
            byId.put(key.id(), key);
        }
        snapshot = new Snapshot(byHash, byId);
    }

    /** One key made or changed on this instance (after the database has it). */
    public synchronized void put(VirtualKey key) {
        Map<String, VirtualKey> byHash = new HashMap<>(snapshot.byHash);
        Map<String, VirtualKey> byId = new HashMap<>(snapshot.byId);
        byHash.put(key.hash(), key);
        byId.put(key.id(), key);
        snapshot = new Snapshot(byHash, byId);
    }
}

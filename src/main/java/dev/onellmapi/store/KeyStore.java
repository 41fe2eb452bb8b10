package dev.onellmapi.store;

import dev.onellmapi.keys.KeyRing;
import dev.onellmapi.keys.VirtualKey;
import dev.onellmapi.store.KeyTable;

import java.sql.SQLException;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Virtual keys in the database and in memory, kept in step: the admin API writes through here (the database first,
 * then this instance's {@link KeyRing} at once), and the background refresh reloads the ring from the database.
 * One lock orders the two, so a refresh that read the table just before a change cannot bring the old key back.
 */
public final class KeyStore {
    private final KeyTable table;
    private final KeyRing ring;
    private final Object lock = new Object();

    public KeyStore(KeyTable table, KeyRing ring) {
        this.table = table;
        this.ring = ring;
    }

    public KeyRing ring() {
        return ring;
    }

    public void create(VirtualKey key) throws SQLException {
        synchronized (lock) {
            table.insert(key);
            ring.put(key);
        }
    }

    /**
     * Applies {@code change} to the key as the database has it now (see {@link KeyTable#change}); the changed key, or
     * null when there is no such live key.
     */
    public VirtualKey change(String id, UnaryOperator<VirtualKey> change) throws SQLException {
        synchronized (lock) {
            VirtualKey changed = table.change(id, change);
            if (changed != null) {
                ring.put(changed);
            }
            return changed;
        }
    }

    public List<VirtualKey> refresh() throws SQLException {
        synchronized (lock) {
            List<VirtualKey> keys = table.all();
            ring.replaceAll(keys);
            return keys;
        }
    }
}

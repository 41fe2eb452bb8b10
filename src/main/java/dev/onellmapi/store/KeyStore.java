package dev.onellmapi.store;

import dev.onellmapi.keys.KeyRing;
import dev.onellmapi.keys.VirtualKey;
import dev.onellmapi.store.KeyTable;

import java.sql.SQLException;
import java.util.List;

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

    /** False when the database has no such key. */
    public boolean update(VirtualKey key) throws SQLException {
        synchronized (lock) {
            if (!table.update(key)) {
                return false;
            }
            ring.put(key);
            return true;
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

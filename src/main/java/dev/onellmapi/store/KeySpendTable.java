package dev.onellmapi.store;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Reads and writes {@code key_spend}: each key's spend in one budget period. The ledger writer adds a batch's cost in
 * the transaction that writes the batch; the first time a key spends in a period its row starts from the ledger's
 * sum for that period (rows written before, the batch's own included). Two instances that start the same row at
 * once: one fails on the primary key, its whole batch is rolled back and written again, then as an addition.
 */
public final class KeySpendTable {
    private KeySpendTable() {
    }

    /** Adds {@code cost} to the key's row for the period, inside the caller's transaction. */
    static void add(Connection c, String keyId, String period, Instant periodStart, BigDecimal cost)
            throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE key_spend SET spend_usd = spend_usd + ? "
                + "WHERE key_id = ? AND period = ? AND period_start = ?")) {
            update.setBigDecimal(1, cost);
            update.setString(2, keyId);
            update.setString(3, period);
            UtcTime.set(update, 4, periodStart);
            if (update.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO key_spend (key_id, period, period_start, "
                + "spend_usd) SELECT ?, ?, ?, COALESCE(SUM(cost_usd), 0) FROM ledger WHERE key_id = ? "
                + "AND created_at >= ?")) {
            insert.setString(1, keyId);
            insert.setString(2, period);
            UtcTime.set(insert, 3, periodStart);
            insert.setString(4, keyId);
            UtcTime.set(insert, 5, periodStart);
            insert.executeUpdate();
        }
    }

    /** The key's spend in the period, or null when it has no row (it has not spent since the period began here). */
    static BigDecimal read(Connection c, String keyId, String period, Instant periodStart) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT spend_usd FROM key_spend WHERE key_id = ? "
                + "AND period = ? AND period_start = ?")) {
            s.setString(1, keyId);
            s.setString(2, period);
            UtcTime.set(s, 3, periodStart);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getBigDecimal(1) : null;
            }
        }
    }

    /** Rows of periods that began before {@code before} ('total' rows are kept: they are the whole spend). */
    static int deleteOlderThan(Connection c, Instant before) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM key_spend WHERE period <> 'total' "
                + "AND period_start < ?")) {
            UtcTime.set(s, 1, before);
            return s.executeUpdate();
        }
    }
}

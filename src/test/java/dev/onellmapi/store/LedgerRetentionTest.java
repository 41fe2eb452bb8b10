package dev.onellmapi.store;

import dev.onellmapi.config.KeysConfig;
import dev.onellmapi.usage.LedgerRow;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The retention clean-up deletes old rows in small batches and nothing newer; spend sums read the same table. */
class LedgerRetentionTest {
    @Test
    void rowsOlderThanTheRetentionGoInBatchesAndNewerOnesStay() throws Exception {
        Database database = new Database(new KeysConfig("jdbc:h2:mem:retention;DB_CLOSE_DELAY=-1", "", "", 5, "", 90,
                "", 100, 0, 0));
        database.open();
        try {
            LedgerTable ledger = new LedgerTable(database);
            Instant now = Instant.now();
            List<LedgerRow> rows = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                rows.add(row(now.minus(Duration.ofDays(100)), "old"));
            }
            rows.add(row(now.minus(Duration.ofDays(10)), "new"));
            ledger.insert(rows);
            Instant cutoff = now.minus(Duration.ofDays(90));
            assertEquals(10, ledger.deleteOlderThan(cutoff, 10));
            assertEquals(10, ledger.deleteOlderThan(cutoff, 10));
            assertEquals(5, ledger.deleteOlderThan(cutoff, 10));
            assertEquals(0, ledger.deleteOlderThan(cutoff, 10));
            Map<String, BigDecimal> spend = ledger.spendSince(Map.of("k", Instant.EPOCH));
            assertEquals(0, new BigDecimal("0.001").compareTo(spend.get("k")), "only the newer row is left");
        } finally {
            database.stop();
        }
    }

    private static LedgerRow row(Instant at, String model) {
        return new LedgerRow("req_" + model, at, "k", model, "openai", false, 200, 1, 1, 0, new BigDecimal("0.001"),
                1L, null, false);
    }
}

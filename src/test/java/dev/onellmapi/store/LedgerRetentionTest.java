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
                "", 100, 0, 0, 250));
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

    @Test
    void runningTotalsStartFromTheLedgerAddEachBatchAndKeepTotalsPastTheRetention() throws Exception {
        Database database = new Database(new KeysConfig("jdbc:h2:mem:spend;DB_CLOSE_DELAY=-1", "", "", 5, "", 90,
                "", 100, 0, 0, 250));
        database.open();
        try {
            LedgerTable ledger = new LedgerTable(database);
            Instant now = Instant.now();
            Instant monthStart = now.minus(Duration.ofDays(1));
            SpendPeriod total = new SpendPeriod("total", Instant.EPOCH);
            SpendPeriod monthly = new SpendPeriod("monthly", monthStart);
            // rows written before the key had a running total (no period given): the total starts from them
            ledger.insert(List.of(row(now.minus(Duration.ofDays(200)), "a"), row(now, "b")));
            assertEquals(0, new BigDecimal("0.002").compareTo(ledger.spend(Map.of("k", total)).get("k")),
                    "no running total yet: the ledger's sum");
            ledger.insert(List.of(row(now, "c")), Map.of("k", total));
            ledger.insert(List.of(row(now, "d"), row(now, "e")), Map.of("k", total));
            assertEquals(0, new BigDecimal("0.005").compareTo(ledger.spend(Map.of("k", total)).get("k")));
            // a period changed to monthly: the month's rows, from the ledger, until its own total begins
            assertEquals(0, new BigDecimal("0.004").compareTo(ledger.spend(Map.of("k", monthly)).get("k")));
            ledger.insert(List.of(row(now, "f")), Map.of("k", monthly));
            assertEquals(0, new BigDecimal("0.005").compareTo(ledger.spend(Map.of("k", monthly)).get("k")));

            Instant cutoff = now.minus(Duration.ofDays(90));
            assertEquals(1, ledger.deleteOlderThan(cutoff, 10));
            assertEquals(0, ledger.deleteSpendOlderThan(cutoff), "this month's and the total's rows stay");
            assertEquals(0, new BigDecimal("0.005").compareTo(ledger.spend(Map.of("k", total)).get("k")),
                    "the 'total' budget keeps the spend of deleted rows");
        } finally {
            database.stop();
        }
    }

    private static LedgerRow row(Instant at, String model) {
        return new LedgerRow("req_" + model, at, "k", model, "openai", false, 200, 1, 1, 0, new BigDecimal("0.001"),
                1L, null, false);
    }
}

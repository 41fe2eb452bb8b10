package dev.onellmapi.usage;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.onellmapi.store.KeyStore;
import dev.onellmapi.store.LedgerRow;
import dev.onellmapi.wire.Json;
import dev.onellmapi.keys.VirtualKey;
import dev.onellmapi.limits.SpendCounters;
import dev.onellmapi.observe.GenAiMetrics;
import dev.onellmapi.store.Database;
import dev.onellmapi.store.LedgerTable;
import dev.onellmapi.store.SpendPeriod;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The one thread that owns the database, off the request path: writes the ledger in batches from a bounded queue
 * (a full queue drops the row, counted and logged; the request is not slowed), reloads the keys and the keys' spend
 * every KEYS_REFRESH_SECONDS, and deletes rows older than USAGE_RETENTION_DAYS in small batches. A database that is
 * down only makes rows wait (then drop); a row the database refuses is set aside (logged, counted in
 * {@code one_llm_api_ledger_rows_rejected_total}); at stop every queued row is written before the database closes.
 */
public final class LedgerWriter extends ServiceSupport {
    private static final Logger LOG = LoggerFactory.getLogger(LedgerWriter.class);
    private static final int BATCH = 500;
    private static final int RETENTION_BATCH = 1000;
    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long DROP_LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Database database;
    private final LedgerTable table;
    private final KeyStore keys;
    private final SpendCounters spend;
    private final BlockingQueue<LedgerRow> queue;
    private final long refreshNanos;
    private final long lingerNanos;
    private final int retentionDays;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final GenAiMetrics metrics;
    private volatile long lastDropLog;
    private volatile boolean running;
    private volatile boolean databaseDown;
    /** True while the writer waits for a first row: only then does a row wake it (once per batch, not per row). */
    private final AtomicBoolean idle = new AtomicBoolean();
    private volatile Thread thread;

    public LedgerWriter(Database database, LedgerTable table, KeyStore keys, SpendCounters spend, int queueSize,
                        int refreshSeconds, int retentionDays, int flushMillis, GenAiMetrics metrics) {
        this.metrics = metrics;
        this.database = database;
        this.table = table;
        this.keys = keys;
        this.spend = spend;
        this.queue = new ArrayBlockingQueue<>(queueSize);
        this.refreshNanos = TimeUnit.SECONDS.toNanos(refreshSeconds);
        this.retentionDays = retentionDays;
        this.lingerNanos = TimeUnit.MILLISECONDS.toNanos(flushMillis);
    }

    /** Queues a row; never waits. A full queue drops it, counted and logged (at most one line per 10 s). */
    public void add(LedgerRow row) {
        if (queue.offer(row)) {
            if (idle.get() && idle.compareAndSet(true, false)) {
                LockSupport.unpark(thread);
            }
            return;
        }
        long total = dropped.incrementAndGet();
        long now = System.nanoTime();
        if (total == 1 || now - lastDropLog > DROP_LOG_EVERY_NANOS) {
            lastDropLog = now;
            LOG.warn("Ledger queue full (LEDGER_QUEUE_SIZE {}; the database is slow or down): a usage row was "
                    + "dropped, {} in all since start", queue.size() + queue.remainingCapacity(), total);
        }
    }

    public long dropped() {
        return dropped.get();
    }

    public long written() {
        return written.get();
    }

    /** Rows the database refused (logged and set aside). */
    public long rejected() {
        return rejected.get();
    }

    public int queued() {
        return queue.size();
    }

    public boolean databaseDown() {
        return databaseDown;
    }

    @Override
    protected void doStart() throws Exception {
        database.open();
        refresh(); // the keys and their spend before the first request
        running = true;
        // the tokenizer's vocabulary (13 MiB, ~0.2 s to load) is read here, never by a first request on an event loop
        Thread tokenizer = new Thread(() -> TokenEstimator.count("warm up"), "tokenizer-load");
        tokenizer.setDaemon(true);
        tokenizer.start();
        thread = new Thread(this::run, "ledger-writer");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    protected void doStop() throws Exception {
        running = false;
        if (thread != null) {
            LockSupport.unpark(thread); // the rows still queued are written now, not after LEDGER_FLUSH_MS
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
        if (!queue.isEmpty()) {
            LOG.warn("Stopped with {} usage rows not written (the database could not be reached)", queue.size());
        }
        database.stop();
    }

    private void run() {
        long nextRefresh = System.nanoTime() + refreshNanos;
        long nextRetention = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        List<LedgerRow> batch = new ArrayList<>(BATCH);
        while (running || !queue.isEmpty() || !batch.isEmpty()) {
            try {
                if (batch.isEmpty()) {
                    collect(batch);
                }
                if (!batch.isEmpty()) {
                    write(batch);
                }
                long now = System.nanoTime();
                if (running && now >= nextRefresh) {
                    nextRefresh = now + refreshNanos;
                    refresh();
                }
                if (running && now >= nextRetention) {
                    nextRetention = now + TimeUnit.HOURS.toNanos(1);
                    deleteOld();
                }
            } catch (InterruptedException notUsed) {
                // never interrupted: an interrupt inside JDBC can close an H2 file; stop() waits for the loop instead
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                failed(e, batch);
                if (!running) {
                    return; // stopping with the database down: what is left is logged by doStop
                }
                pause();
            }
        }
    }

    /**
     * Takes a batch: once a row is there, what LEDGER_FLUSH_MS brings (fewer, larger transactions under load). The
     * writer is woken by the first row only, and then sleeps the whole LEDGER_FLUSH_MS (a queue it waited on would
     * wake it for nearly every row: a futex call on the request's thread each time); with a batch's worth queued it
     * does not wait. It waits in short slices when there is nothing, so the refreshes run; a stop wakes it.
     */
    private void collect(List<LedgerRow> batch) {
        if (running && queue.isEmpty()) {
            idle.set(true);
            if (queue.isEmpty() && running) { // checked again: a row queued before idle was set woke nobody
                LockSupport.parkNanos(this, SLICE_NANOS);
            }
            idle.set(false);
        }
        if (queue.isEmpty()) {
            return;
        }
        long until = System.nanoTime() + lingerNanos;
        for (long left = lingerNanos; running && left > 0 && queue.size() < BATCH; left = until - System.nanoTime()) {
            LockSupport.parkNanos(this, left);
        }
        queue.drainTo(batch, BATCH);
    }

    /**
     * Writes the batch in one transaction. If that fails while the database answers, the database refused some row
     * (text it cannot store, a value out of range): the rows are then written one by one and a refused one is set
     * aside, so it never holds back the others. A database that does not answer keeps the unwritten rows waiting.
     */
    private void write(List<LedgerRow> batch) throws Exception {
        try {
            insert(batch);
            batch.clear();
        } catch (SQLException e) {
            if (!database.refused(e)) {
                throw e;
            }
            for (Iterator<LedgerRow> rows = batch.iterator(); rows.hasNext(); ) {
                LedgerRow row = rows.next();
                try {
                    insert(List.of(row));
                } catch (SQLException refused) {
                    if (!database.refused(refused)) {
                        throw refused; // the rows not written yet stay in the batch
                    }
                    rejected(row, refused);
                }
                rows.remove();
            }
        }
        if (databaseDown) {
            databaseDown = false;
            LOG.info("The database is reachable again: usage rows are written");
        }
    }

    private void insert(List<LedgerRow> rows) throws SQLException {
        try {
            table.insert(rows, periods(rows));
        } catch (SQLException e) {
            if (!"23505".equals(e.getSQLState())) {
                throw e;
            }
            // another instance began the same key's running total at the same moment: now it exists, add to it
            table.insert(rows, periods(rows));
        }
        for (LedgerRow row : rows) {
            if (!VirtualKey.isMaster(row.keyId())) {
                spend.written(row.keyId(), row.costUsd());
            }
        }
        written.addAndGet(rows.size());
    }

    private void rejected(LedgerRow row, SQLException e) {
        rejected.incrementAndGet();
        metrics.ledgerRowRejected();
        SQLException cause = e;
        while (cause.getNextException() != null) {
            cause = cause.getNextException(); // PostgreSQL's batch error names its statement, the next one why
        }
        String reason = String.valueOf(cause.getMessage()).lines().findFirst().orElse("");
        LOG.warn("The database refused a usage row (request {}, key {}, model {}): SQLState {}, {}; the row is set "
                + "aside", quoted(row.requestId(), 80), quoted(row.keyId(), 80), quoted(row.model(), 80),
                cause.getSQLState(), quoted(reason, 200));
    }

    /** A client's text in a log line: JSON-quoted (control characters escaped), at most {@code max} characters. */
    private static String quoted(String text, int max) {
        return Json.text(TextNode.valueOf(LedgerTable.storable(text, max)));
    }

    /** The current budget period of each virtual key with a row in the batch. */
    private Map<String, SpendPeriod> periods(List<LedgerRow> batch) {
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        Map<String, SpendPeriod> periods = new HashMap<>();
        for (LedgerRow row : batch) {
            VirtualKey key = VirtualKey.isMaster(row.keyId()) ? null : keys.ring().byId(row.keyId());
            if (key != null && !periods.containsKey(key.id())) {
                periods.put(key.id(), period(key, now));
            }
        }
        return periods;
    }

    private static SpendPeriod period(VirtualKey key, LocalDateTime now) {
        return new SpendPeriod(key.budgetPeriod().id(), key.budgetPeriod().start(now).toInstant(ZoneOffset.UTC));
    }

    /** Reloads the keys, then every key's spend in its current period (running totals, written by every instance). */
    private void refresh() throws Exception {
        List<VirtualKey> all = keys.refresh();
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        Map<String, SpendPeriod> periods = new HashMap<>();
        for (VirtualKey key : all) {
            if (!key.deleted()) {
                periods.put(key.id(), period(key, now));
            }
        }
        spend.stored(periods.keySet(), table.spend(periods));
    }

    private void deleteOld() throws Exception {
        Instant before = Instant.now().minus(Duration.ofDays(retentionDays));
        int deleted;
        int rounds = 0;
        do {
            deleted = table.deleteOlderThan(before, RETENTION_BATCH);
        } while (deleted == RETENTION_BATCH && ++rounds < 100 && running);
        table.deleteSpendOlderThan(before);
    }

    private void failed(Exception e, List<LedgerRow> batch) {
        if (!databaseDown) {
            databaseDown = true;
            LOG.warn("The database cannot be reached ({}); {} usage rows wait, chat requests go on", e.toString(),
                    batch.size() + queue.size());
        }
    }

    private void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException notUsed) {
            Thread.currentThread().interrupt();
        }
    }
}

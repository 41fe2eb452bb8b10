package dev.onellmapi.store;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.Json;
import dev.onellmapi.store.LedgerRow;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes {@code ledger}: batches of rows from the background writer, the admin API's queries, the spend
 * of keys since a time, and the retention clean-up.
 */
public final class LedgerTable {
    /**
     * What GET /admin/usage and /admin/requests filter on. Null fields are not filtered; {@code statusFrom} and
     * {@code statusTo} bound the answer's HTTP status, both inclusive.
     */
    public record Filter(String keyId, String model, Instant from, Instant to, Integer statusFrom, Integer statusTo,
                         String api, String sessionId) {
        public Filter(String keyId, String model, Instant from, Instant to) {
            this(keyId, model, from, to, null, null, null, null);
        }
    }

    private final Database database;

    public LedgerTable(Database database) {
        this.database = database;
    }

    public void insert(List<LedgerRow> rows) throws SQLException {
        insert(rows, Map.of());
    }

    /**
     * Writes the rows and, in the same transaction, adds each key's cost to its running total for the period
     * {@code periods} names (keys absent from it, master included, have none).
     */
    public void insert(List<LedgerRow> rows, Map<String, SpendPeriod> periods) throws SQLException {
        try (Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("INSERT INTO ledger (request_id, created_at, created_day, key_id, "
                    + "model, provider, stream, status, prompt_tokens, completion_tokens, cached_tokens, cost_usd, "
                    + "latency_ms, ttft_ms, usage_estimated, api, session_id, cache_write_tokens) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (LedgerRow row : rows) {
                    s.setString(1, storable(row.requestId(), 64));
                    UtcTime.set(s, 2, row.createdAt());
                    s.setObject(3, UtcTime.day(row.createdAt()));
                    s.setString(4, storable(row.keyId(), 40));
                    s.setString(5, storable(row.model(), 200));
                    s.setString(6, storable(row.provider(), 40));
                    s.setBoolean(7, row.stream());
                    s.setInt(8, row.status());
                    s.setLong(9, row.promptTokens());
                    s.setLong(10, row.completionTokens());
                    s.setLong(11, row.cachedTokens());
                    s.setBigDecimal(12, row.costUsd());
                    setLong(s, 13, row.latencyMs());
                    setLong(s, 14, row.ttftMs());
                    s.setBoolean(15, row.usageEstimated());
                    s.setString(16, storable(row.api(), 16));
                    s.setString(17, storable(row.sessionId(), 200));
                    s.setLong(18, row.cacheWriteTokens());
                    s.addBatch();
                }
                s.executeBatch();
                Map<String, BigDecimal> costs = new HashMap<>();
                for (LedgerRow row : rows) {
                    if (row.costUsd() != null && periods.containsKey(row.keyId())) {
                        costs.merge(row.keyId(), row.costUsd(), BigDecimal::add);
                    }
                }
                for (Map.Entry<String, BigDecimal> cost : costs.entrySet()) {
                    SpendPeriod period = periods.get(cost.getKey());
                    KeySpendTable.add(c, cost.getKey(), period.period(), period.start(), cost.getValue());
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * Each key's spend in its period: its running total, or, for a key that has not spent in this period since it
     * began (or since its period was changed), the ledger's sum for the period. A key without any is absent.
     */
    public Map<String, BigDecimal> spend(Map<String, SpendPeriod> periods) throws SQLException {
        Map<String, BigDecimal> spend = new HashMap<>();
        Map<String, Instant> fromLedger = new HashMap<>();
        try (Connection c = database.dataSource().getConnection()) {
            for (Map.Entry<String, SpendPeriod> key : periods.entrySet()) {
                BigDecimal total = KeySpendTable.read(c, key.getKey(), key.getValue().period(), key.getValue().start());
                if (total != null) {
                    spend.put(key.getKey(), total);
                } else {
                    fromLedger.put(key.getKey(), key.getValue().start());
                }
            }
        }
        spend.putAll(spendSince(fromLedger));
        return spend;
    }

    /** The summed cost of each key's rows since {@code since} (a key without rows is absent). */
    public Map<String, BigDecimal> spendSince(Map<String, Instant> sinceByKey) throws SQLException {
        Map<String, BigDecimal> spend = new HashMap<>();
        if (sinceByKey.isEmpty()) {
            return spend;
        }
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement(
                     "SELECT SUM(cost_usd) FROM ledger WHERE key_id = ? AND created_at >= ?")) {
            for (Map.Entry<String, Instant> key : sinceByKey.entrySet()) {
                s.setString(1, key.getKey());
                UtcTime.set(s, 2, key.getValue());
                try (ResultSet r = s.executeQuery()) {
                    if (r.next() && r.getBigDecimal(1) != null) {
                        spend.put(key.getKey(), r.getBigDecimal(1));
                    }
                }
            }
        }
        return spend;
    }

    /** GET /admin/usage: {@code column} is key_id, model, created_day or api (checked by the caller). */
    public ArrayNode usage(Filter filter, String column, String label) throws SQLException {
        List<Object> params = new ArrayList<>();
        String where = where(filter, params);
        String sql = "SELECT " + column + ", COUNT(*), SUM(prompt_tokens), SUM(completion_tokens), SUM(cost_usd), "
                + "SUM(cached_tokens), SUM(cache_write_tokens) "
                + "FROM ledger" + where + " GROUP BY " + column + " ORDER BY " + column;
        return select(sql, params, (r, row) -> {
            row.put(label, r.getObject(1).toString());
            row.put("requests", r.getLong(2));
            row.put("prompt_tokens", r.getLong(3));
            row.put("completion_tokens", r.getLong(4));
            row.put("cost_usd", money(r.getBigDecimal(5)));
            row.put("cached_tokens", r.getLong(6));
            row.put("cache_write_tokens", r.getLong(7));
        });
    }

    /** A page of GET /admin/requests, and the cursor of the next (older) page, null when this one is the last. */
    public record Page(ArrayNode data, String next) {
    }

    /**
     * GET /admin/requests: newest first, at most {@code limit}, after the row {@code cursor} (a page's {@code next}:
     * the last row's own id, unique and ordered) or, for older clients, older than the first row of the request
     * {@code before} among the rows the filter keeps.
     */
    public Page requests(Filter filter, int limit, String before, Long cursor) throws SQLException {
        List<Object> params = new ArrayList<>();
        String where = where(filter, params);
        if (before != null) {
            List<Object> inner = new ArrayList<>();
            String innerWhere = where(filter, inner);
            where += (where.isEmpty() ? " WHERE " : " AND ") + "id < (SELECT COALESCE(MIN(id), 0) FROM ledger"
                    + innerWhere + (innerWhere.isEmpty() ? " WHERE " : " AND ") + "request_id = ?)";
            params.addAll(inner);
            params.add(before);
        }
        if (cursor != null) {
            where += (where.isEmpty() ? " WHERE " : " AND ") + "id < ?";
            params.add(cursor);
        }
        String sql = "SELECT id, request_id, created_at, key_id, model, provider, stream, status, prompt_tokens, "
                + "completion_tokens, cached_tokens, cost_usd, latency_ms, ttft_ms, usage_estimated, api, session_id, "
                + "cache_write_tokens FROM ledger"
                + where + " ORDER BY id DESC LIMIT " + limit;
        long[] last = {0};
        ArrayNode data = select(sql, params, (r, row) -> {
            last[0] = r.getLong("id");
            row.put("request_id", r.getString("request_id"));
            row.put("created_at", UtcTime.get(r, "created_at").toString());
            row.put("key_id", r.getString("key_id"));
            row.put("model", r.getString("model"));
            row.put("provider", r.getString("provider"));
            row.put("stream", r.getBoolean("stream"));
            row.put("status", r.getInt("status"));
            row.put("prompt_tokens", r.getLong("prompt_tokens"));
            row.put("completion_tokens", r.getLong("completion_tokens"));
            row.put("cached_tokens", r.getLong("cached_tokens"));
            row.put("cost_usd", money(r.getBigDecimal("cost_usd")));
            putLong(row, "latency_ms", r, "latency_ms");
            putLong(row, "ttft_ms", r, "ttft_ms");
            row.put("usage_estimated", r.getBoolean("usage_estimated"));
            row.put("api", r.getString("api"));
            row.put("session_id", r.getString("session_id"));
            row.put("cache_write_tokens", r.getLong("cache_write_tokens"));
        });
        return new Page(data, data.size() == limit ? Long.toString(last[0]) : null);
    }

    /** One JSON object per row of {@code sql}, each filled by {@code fill}. */
    private ArrayNode select(String sql, List<Object> params, RowFiller fill) throws SQLException {
        ArrayNode data = Json.array();
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, params);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    fill.fill(r, data.addObject());
                }
            }
        }
        return data;
    }

    @FunctionalInterface
    private interface RowFiller {
        void fill(ResultSet row, ObjectNode into) throws SQLException;
    }

    /** Deletes the running totals of periods that began before {@code before} (never a 'total' one). */
    public int deleteSpendOlderThan(Instant before) throws SQLException {
        try (Connection c = database.dataSource().getConnection()) {
            return KeySpendTable.deleteOlderThan(c, before);
        }
    }

    /** Deletes at most {@code batch} rows older than {@code before}; returns how many went. */
    public int deleteOlderThan(Instant before, int batch) throws SQLException {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("DELETE FROM ledger WHERE id IN (SELECT id FROM ledger "
                     + "WHERE created_at < ? ORDER BY id LIMIT " + batch + ")")) {
            UtcTime.set(s, 1, before);
            return s.executeUpdate();
        }
    }

    /** Money as a plain decimal without trailing zeros (a JSON number), or null. */
    public static BigDecimal money(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal plain = value.stripTrailingZeros();
        return plain.scale() < 0 ? plain.setScale(0) : plain;
    }

    private static String where(Filter f, List<Object> params) {
        List<String> terms = new ArrayList<>();
        term(terms, params, "key_id = ?", f.keyId());
        term(terms, params, "model = ?", f.model());
        term(terms, params, "created_at >= ?", f.from());
        term(terms, params, "created_at < ?", f.to());
        term(terms, params, "status >= ?", f.statusFrom());
        term(terms, params, "status <= ?", f.statusTo());
        term(terms, params, "api = ?", f.api());
        term(terms, params, "session_id = ?", f.sessionId());
        return terms.isEmpty() ? "" : " WHERE " + String.join(" AND ", terms);
    }

    /** One condition of the filter, when the filter sets it. */
    private static void term(List<String> terms, List<Object> params, String condition, Object value) {
        if (value != null) {
            terms.add(condition);
            params.add(value);
        }
    }

    private static void bind(PreparedStatement s, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object p = params.get(i);
            if (p instanceof Instant time) {
                UtcTime.set(s, i + 1, time);
            } else if (p instanceof Integer number) {
                s.setInt(i + 1, number);
            } else if (p instanceof Long number) {
                s.setLong(i + 1, number);
            } else {
                s.setString(i + 1, (String) p);
            }
        }
    }

    private static void setLong(PreparedStatement s, int index, Long value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.BIGINT);
        } else {
            s.setLong(index, value);
        }
    }

    private static void putLong(ObjectNode row, String field, ResultSet r, String column) throws SQLException {
        long value = r.getLong(column);
        if (r.wasNull()) {
            row.putNull(field);
        } else {
            row.put(field, value);
        }
    }

    /**
     * {@code text} as every database takes it: NUL (PostgreSQL refuses it in text) and lone surrogates (no valid
     * UTF-8) become U+FFFD, and it is cut to the column's {@code max} characters without splitting a pair.
     */
    public static String storable(String text, int max) {
        if (text == null || storableAsIs(text, max)) {
            return text; // nearly always: the writer calls this six times a row
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), max));
        for (int i = 0; i < text.length() && out.length() < max; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                if (out.length() + 2 > max) {
                    break;
                }
                out.append(c).append(text.charAt(++i));
            } else {
                out.append(c == 0 || Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }

    private static boolean storableAsIs(String text, int max) {
        if (text.length() > max) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0 || Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}

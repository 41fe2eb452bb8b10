package dev.onellmapi.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.Json;
import dev.onellmapi.keys.BudgetPeriod;
import dev.onellmapi.keys.VirtualKey;

import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads and writes {@code virtual_keys}. Called by the admin API and the background refresh, never per request. */
public final class KeyTable {
    private static final String COLUMNS = "id, key_hash, key_hint, name, models, rpm_limit, tpm_limit, "
            + "max_budget_usd, budget_period, expires_at, enabled, deleted, metadata, created_at";

    private final Database database;

    public KeyTable(Database database) {
        this.database = database;
    }

    public void insert(VirtualKey key) throws SQLException {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO virtual_keys (" + COLUMNS
                     + ", updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, key.id());
            s.setString(2, key.hash());
            s.setString(3, key.hint());
            setFields(s, 4, key);
            UtcTime.set(s, 14, key.createdAt());
            UtcTime.set(s, 15, Instant.now());
            s.executeUpdate();
        }
    }

    /** Writes every changeable field of the key (and its deleted flag); false when the id is unknown. */
    public boolean update(VirtualKey key) throws SQLException {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE virtual_keys SET name = ?, models = ?, rpm_limit = ?, "
                     + "tpm_limit = ?, max_budget_usd = ?, budget_period = ?, expires_at = ?, enabled = ?, "
                     + "deleted = ?, metadata = ?, updated_at = ? WHERE id = ?")) {
            setFields(s, 1, key);
            UtcTime.set(s, 11, Instant.now());
            s.setString(12, key.id());
            return s.executeUpdate() == 1;
        }
    }

    /** Every key, deleted ones included (the refresh must see deletions). */
    public List<VirtualKey> all() throws SQLException {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM virtual_keys ORDER BY created_at, id");
             ResultSet r = s.executeQuery()) {
            List<VirtualKey> keys = new ArrayList<>();
            while (r.next()) {
                keys.add(read(r));
            }
            return keys;
        }
    }

    /** name .. metadata, from parameter {@code first} on (10 parameters). */
    private static void setFields(PreparedStatement s, int first, VirtualKey key) throws SQLException {
        s.setString(first, key.name());
        s.setString(first + 1, key.models() == null ? null : Json.text(Json.MAPPER.valueToTree(key.models())));
        setLong(s, first + 2, key.rpmLimit());
        setLong(s, first + 3, key.tpmLimit());
        s.setBigDecimal(first + 4, key.maxBudgetUsd());
        s.setString(first + 5, key.budgetPeriod().id());
        UtcTime.set(s, first + 6, key.expiresAt());
        s.setBoolean(first + 7, key.enabled());
        s.setBoolean(first + 8, key.deleted());
        s.setString(first + 9, key.metadata() == null ? null : Json.text(key.metadata()));
    }

    private static void setLong(PreparedStatement s, int index, Long value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.BIGINT);
        } else {
            s.setLong(index, value);
        }
    }

    private static VirtualKey read(ResultSet r) throws SQLException {
        BigDecimal budget = r.getBigDecimal("max_budget_usd");
        return new VirtualKey(r.getString("id"), r.getString("key_hash"), r.getString("key_hint"),
                r.getString("name"), models(r.getString("models")), nullableLong(r, "rpm_limit"),
                nullableLong(r, "tpm_limit"), budget == null ? null : budget.stripTrailingZeros(),
                BudgetPeriod.of(r.getString("budget_period")), UtcTime.get(r, "expires_at"),
                r.getBoolean("enabled"), r.getBoolean("deleted"), metadata(r.getString("metadata")),
                UtcTime.get(r, "created_at"));
    }

    private static Long nullableLong(ResultSet r, String column) throws SQLException {
        long value = r.getLong(column);
        return r.wasNull() ? null : value;
    }

    private static List<String> models(String json) throws SQLException {
        if (json == null) {
            return null;
        }
        try {
            List<String> models = new ArrayList<>();
            for (JsonNode m : (ArrayNode) Json.parse(json)) {
                models.add(m.asText());
            }
            return List.copyOf(models);
        } catch (IOException | ClassCastException e) {
            throw new SQLException("virtual_keys.models is not a JSON array", e);
        }
    }

    private static ObjectNode metadata(String json) {
        return json == null ? null : Json.parseObjectOrNull(json);
    }
}

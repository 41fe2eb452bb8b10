package dev.onellmapi.frontdoor.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.Json;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * Reads and writes {@code responses} (V5__responses.sql): a stored response, its own input items, the response it
 * continued. Blocking JDBC: called off the event loop only. Every read and delete is for one key: another key's
 * response is as good as absent.
 */
public final class StoredResponses {
    /** A conversation longer than this many responses is not continued (a loop in the links, or no end). */
    static final int MAX_CHAIN = 10_000;

    private final Supplier<DataSource> dataSource;

    /** @param dataSource the gateway's pool, asked at each call (it opens when the gateway starts) */
    public StoredResponses(Supplier<DataSource> dataSource) {
        this.dataSource = dataSource;
    }

    /** A response and the input items it answered. */
    public record Stored(ObjectNode response, ArrayNode input, String previousResponseId) {
    }

    public void save(String keyId, ObjectNode response, ArrayNode input) throws SQLException {
        try (Connection c = dataSource.get().getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO responses (id, key_id, previous_response_id, "
                     + "created_at, input_items, response) VALUES (?, ?, ?, ?, ?, ?)")) {
            s.setString(1, response.get("id").asText());
            s.setString(2, keyId);
            s.setString(3, response.path("previous_response_id").asText(null));
            s.setObject(4, LocalDateTime.ofInstant(Instant.now(), ZoneOffset.UTC));
            s.setString(5, Json.text(input));
            s.setString(6, Json.text(response));
            s.executeUpdate();
        }
    }

    /** The key's response, or null. */
    public Stored find(String keyId, String id) throws SQLException {
        try (Connection c = dataSource.get().getConnection();
             PreparedStatement s = c.prepareStatement("SELECT response, input_items, previous_response_id "
                     + "FROM responses WHERE id = ? AND key_id = ?")) {
            s.setString(1, id);
            s.setString(2, keyId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? stored(r) : null;
            }
        }
    }

    /**
     * The conversation that ends with response {@code id}, oldest first, or null when the key has no such response.
     * Throws {@link InvalidResponsesRequest} when an earlier response of it is gone (deleted, or past retention):
     * continuing without it would answer another conversation.
     */
    public List<Stored> conversation(String keyId, String id) throws SQLException {
        List<Stored> chain = new ArrayList<>();
        try (Connection c = dataSource.get().getConnection();
             PreparedStatement s = c.prepareStatement("WITH RECURSIVE chain (id, previous_response_id, "
                     + "input_items, response, depth) AS (SELECT id, previous_response_id, input_items, response, 0 "
                     + "FROM responses WHERE id = ? AND key_id = ? UNION ALL SELECT r.id, r.previous_response_id, "
                     + "r.input_items, r.response, chain.depth + 1 FROM responses r JOIN chain "
                     + "ON r.id = chain.previous_response_id WHERE r.key_id = ? AND chain.depth < " + MAX_CHAIN
                     + ") SELECT response, input_items, previous_response_id FROM chain ORDER BY depth DESC")) {
            s.setString(1, id);
            s.setString(2, keyId);
            s.setString(3, keyId);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    chain.add(stored(r));
                }
            }
        }
        if (chain.isEmpty()) {
            return null;
        }
        String missing = chain.get(0).previousResponseId();
        if (missing != null) {
            throw InvalidResponsesRequest.invalid("previous_response_id", "The conversation of response '" + id
                    + "' cannot be continued: its earlier response '" + missing + "' was deleted or has expired.");
        }
        return Collections.unmodifiableList(chain);
    }

    /** The items of a conversation as the next request's history: each response's input, then its output. */
    public static List<JsonNode> history(List<Stored> conversation) {
        List<JsonNode> items = new ArrayList<>();
        for (Stored stored : conversation) {
            stored.input().forEach(items::add);
            stored.response().path("output").forEach(items::add);
        }
        return items;
    }

    /** Deletes the key's response; false when it had none of that id. */
    public boolean delete(String keyId, String id) throws SQLException {
        try (Connection c = dataSource.get().getConnection();
             PreparedStatement s = c.prepareStatement("DELETE FROM responses WHERE id = ? AND key_id = ?")) {
            s.setString(1, id);
            s.setString(2, keyId);
            return s.executeUpdate() == 1;
        }
    }

    /** Deletes at most {@code batch} responses stored before {@code before}; returns how many went. */
    public int deleteOlderThan(Instant before, int batch) throws SQLException {
        try (Connection c = dataSource.get().getConnection();
             PreparedStatement s = c.prepareStatement("DELETE FROM responses WHERE id IN (SELECT id FROM responses "
                     + "WHERE created_at < ? ORDER BY created_at LIMIT " + batch + ")")) {
            s.setObject(1, LocalDateTime.ofInstant(before, ZoneOffset.UTC));
            return s.executeUpdate();
        }
    }

    private static Stored stored(ResultSet r) throws SQLException {
        try {
            return new Stored((ObjectNode) Json.parse(r.getString(1)), (ArrayNode) Json.parse(r.getString(2)),
                    r.getString(3));
        } catch (IOException e) {
            throw new SQLException("a stored response that is not JSON", e);
        }
    }
}

package dev.onellmapi.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.ApiError;
import dev.onellmapi.wire.Json;
import dev.onellmapi.keys.BudgetPeriod;
import dev.onellmapi.store.KeyStore;
import dev.onellmapi.keys.VirtualKey;
import dev.onellmapi.limits.SpendCounters;
import dev.onellmapi.store.LedgerTable;
import org.apache.camel.Exchange;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HexFormat;

/**
 * {@code /admin/keys}: make, list, read, change and delete virtual keys. A key is {@code sk-one-} and 40 random
 * characters, shown once (in the 201 answer), stored only as its SHA-256. Runs on the request pool (it writes the
 * database), never on an event loop.
 */
public final class AdminKeys {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyStore keys;
    private final SpendCounters spend;

    public AdminKeys(KeyStore keys, SpendCounters spend) {
        this.keys = keys;
        this.spend = spend;
    }

    public void create(Exchange exchange) throws Exception {
        KeyBody body = KeyBody.parse(exchange.getMessage().getBody(byte[].class));
        String secret = "sk-one-" + random(40);
        VirtualKey blank = new VirtualKey("key_" + random(20), sha256(secret), secret.substring(0, 9) + "…"
                + secret.substring(secret.length() - 2), null, null, null, null, null, BudgetPeriod.TOTAL, null, true,
                false, null, Instant.now().truncatedTo(ChronoUnit.MILLIS));
        VirtualKey key = body.apply(blank);
        keys.create(key);
        ObjectNode json = json(key);
        json.put("key", secret);
        AdminJson.write(exchange, 201, json);
    }

    public void list(Exchange exchange) {
        ObjectNode list = Json.object();
        list.put("object", "list");
        ArrayNode data = list.putArray("data");
        keys.ring().all().stream().filter(k -> !k.deleted())
                .sorted(Comparator.comparing(VirtualKey::createdAt).thenComparing(VirtualKey::id))
                .forEach(k -> data.add(json(k)));
        AdminJson.write(exchange, 200, list);
    }

    public void get(Exchange exchange) {
        AdminJson.write(exchange, 200, json(find(exchange)));
    }

    public void update(Exchange exchange) throws Exception {
        VirtualKey key = find(exchange);
        KeyBody body = KeyBody.parse(exchange.getMessage().getBody(byte[].class));
        VirtualKey changed = body.apply(key);
        if (!keys.update(changed)) {
            throw notFound(key.id());
        }
        AdminJson.write(exchange, 200, json(changed));
    }

    public void delete(Exchange exchange) throws Exception {
        VirtualKey key = find(exchange);
        VirtualKey deleted = new VirtualKey(key.id(), key.hash(), key.hint(), key.name(), key.models(),
                key.rpmLimit(), key.tpmLimit(), key.maxBudgetUsd(), key.budgetPeriod(), key.expiresAt(), false, true,
                key.metadata(), key.createdAt());
        if (!keys.update(deleted)) {
            throw notFound(key.id());
        }
        ObjectNode json = Json.object();
        json.put("id", key.id());
        json.put("deleted", true);
        AdminJson.write(exchange, 200, json);
    }

    private VirtualKey find(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        VirtualKey key = id == null ? null : keys.ring().byId(id);
        if (key == null || key.deleted()) {
            throw notFound(id);
        }
        return key;
    }

    private static ApiError notFound(String id) {
        return new ApiError(404, "invalid_request_error", "key_not_found", "id", "No key with id '" + id + "'.", null);
    }

    private ObjectNode json(VirtualKey k) {
        ObjectNode json = Json.object();
        json.put("id", k.id());
        json.put("object", "key");
        json.put("name", k.name());
        json.put("key_hint", k.hint());
        if (k.models() == null) {
            json.putNull("models");
        } else {
            ArrayNode models = json.putArray("models");
            k.models().forEach(models::add);
        }
        putLong(json, "rpm_limit", k.rpmLimit());
        putLong(json, "tpm_limit", k.tpmLimit());
        json.put("max_budget_usd", LedgerTable.money(k.maxBudgetUsd()));
        json.put("budget_period", k.budgetPeriod().id());
        json.put("expires_at", k.expiresAt() == null ? null : k.expiresAt().toString());
        json.put("enabled", k.enabled());
        json.put("created_at", k.createdAt().toString());
        json.put("spend_usd", LedgerTable.money(spend.spent(k.id())));
        json.set("metadata", k.metadata() == null ? Json.object() : k.metadata());
        return json;
    }

    private static void putLong(ObjectNode json, String field, Long value) {
        if (value == null) {
            json.putNull(field);
        } else {
            json.put(field, value);
        }
    }

    static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String random(int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }
}

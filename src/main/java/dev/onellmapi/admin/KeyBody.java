package dev.onellmapi.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.ApiError;
import dev.onellmapi.wire.Json;
import dev.onellmapi.keys.BudgetPeriod;
import dev.onellmapi.keys.VirtualKey;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The body of {@code POST /admin/keys} and {@code PATCH /admin/keys/{id}}, checked whole before anything changes:
 * broken JSON, an unknown field, a wrong type, a negative number or an unknown {@code budget_period} is a 400. A
 * field set to null clears it (no limit, every model, no expiry).
 */
final class KeyBody {
    private static final Set<String> FIELDS = Set.of("name", "models", "rpm_limit", "tpm_limit", "max_budget_usd",
            "budget_period", "expires_at", "metadata", "enabled");

    private final ObjectNode body;

    private KeyBody(ObjectNode body) {
        this.body = body;
    }

    static KeyBody parse(byte[] bytes) {
        JsonNode node;
        try {
            node = bytes == null || bytes.length == 0 ? Json.object() : Json.parse(bytes);
        } catch (IOException e) {
            throw ApiError.invalidRequest("The body is not valid JSON.", null);
        }
        if (!(node instanceof ObjectNode object)) {
            throw ApiError.invalidRequest("The body must be a JSON object.", null);
        }
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw ApiError.invalidRequest("Unknown field '" + name + "'; a key has " + FIELDS + ".", name);
            }
        }
        KeyBody body = new KeyBody(object);
        body.apply(blank()); // every check, before anything is written
        return body;
    }

    /** The key with this body's fields applied (each one present replaces the key's). */
    VirtualKey apply(VirtualKey k) {
        String name = has("name") ? text("name") : k.name();
        List<String> models = has("models") ? models() : k.models();
        Long rpm = has("rpm_limit") ? limit("rpm_limit") : k.rpmLimit();
        Long tpm = has("tpm_limit") ? limit("tpm_limit") : k.tpmLimit();
        BigDecimal budget = has("max_budget_usd") ? money("max_budget_usd") : k.maxBudgetUsd();
        BudgetPeriod period = has("budget_period") ? period() : k.budgetPeriod();
        Instant expires = has("expires_at") ? time("expires_at") : k.expiresAt();
        ObjectNode metadata = has("metadata") ? metadata() : k.metadata();
        boolean enabled = has("enabled") ? bool("enabled") : k.enabled();
        return new VirtualKey(k.id(), k.hash(), k.hint(), name, models, rpm, tpm, budget, period, expires, enabled,
                k.deleted(), metadata, k.createdAt());
    }

    private static VirtualKey blank() {
        return new VirtualKey("", "", "", null, null, null, null, null, BudgetPeriod.TOTAL, null, true, false, null,
                Instant.EPOCH);
    }

    private boolean has(String field) {
        return body.has(field);
    }

    private boolean isNull(String field) {
        return body.get(field).isNull();
    }

    private String text(String field) {
        if (isNull(field)) {
            return null;
        }
        JsonNode v = body.get(field);
        if (!v.isTextual()) {
            throw wrong(field, "a string");
        }
        if (v.asText().length() > 200) {
            throw ApiError.invalidRequest("'" + field + "' is longer than 200 characters.", field);
        }
        return v.asText();
    }

    private List<String> models() {
        if (isNull("models")) {
            return null;
        }
        JsonNode v = body.get("models");
        if (!v.isArray()) {
            throw wrong("models", "an array of model names or patterns");
        }
        List<String> models = new ArrayList<>();
        for (JsonNode m : v) {
            if (!m.isTextual() || m.asText().isBlank()) {
                throw wrong("models", "an array of model names or patterns");
            }
            models.add(m.asText().trim());
        }
        return List.copyOf(models);
    }

    private Long limit(String field) {
        if (isNull(field)) {
            return null;
        }
        JsonNode v = body.get(field);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw wrong(field, "a whole number");
        }
        if (v.asLong() < 0) {
            throw ApiError.invalidRequest("'" + field + "' must not be negative.", field);
        }
        return v.asLong();
    }

    private BigDecimal money(String field) {
        if (isNull(field)) {
            return null;
        }
        JsonNode v = body.get(field);
        if (!v.isNumber()) {
            throw wrong(field, "a number (USD)");
        }
        BigDecimal amount = v.decimalValue();
        if (amount.signum() < 0) {
            throw ApiError.invalidRequest("'" + field + "' must not be negative.", field);
        }
        if (amount.compareTo(new BigDecimal("100000000000000")) >= 0) {
            throw ApiError.invalidRequest("'" + field + "' is too large.", field);
        }
        return amount.stripTrailingZeros();
    }

    private BudgetPeriod period() {
        JsonNode v = body.get("budget_period");
        BudgetPeriod period = v.isTextual() ? BudgetPeriod.of(v.asText()) : null;
        if (period == null) {
            throw ApiError.invalidRequest("'budget_period' must be one of daily, weekly, monthly, total.",
                    "budget_period");
        }
        return period;
    }

    private Instant time(String field) {
        if (isNull(field)) {
            return null;
        }
        JsonNode v = body.get(field);
        if (!v.isTextual()) {
            throw wrong(field, "an ISO-8601 time");
        }
        Instant time = AdminTimes.parse(v.asText(), false);
        if (time == null) {
            throw wrong(field, "an ISO-8601 time (2026-12-31T23:59:59Z) or date");
        }
        return time;
    }

    private ObjectNode metadata() {
        if (isNull("metadata")) {
            return null;
        }
        if (!(body.get("metadata") instanceof ObjectNode m)) {
            throw wrong("metadata", "an object");
        }
        if (Json.text(m).length() > 16_000) {
            throw ApiError.invalidRequest("'metadata' is larger than 16000 characters.", "metadata");
        }
        return m;
    }

    private boolean bool(String field) {
        JsonNode v = body.get(field);
        if (!v.isBoolean()) {
            throw wrong(field, "true or false");
        }
        return v.asBoolean();
    }

    private static ApiError wrong(String field, String what) {
        return ApiError.invalidRequest("'" + field + "' must be " + what + ".", field);
    }
}

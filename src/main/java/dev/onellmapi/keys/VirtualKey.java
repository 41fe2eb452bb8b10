package dev.onellmapi.keys;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One virtual key as the request path sees it (immutable; a change replaces it). {@code hash} is the hex SHA-256 of
 * the key; the key itself is never kept. Null limits mean none.
 */
public record VirtualKey(String id, String hash, String hint, String name, List<String> models, Long rpmLimit,
                         Long tpmLimit, BigDecimal maxBudgetUsd, BudgetPeriod budgetPeriod, Instant expiresAt,
                         boolean enabled, boolean deleted, ObjectNode metadata, Instant createdAt) {
    /** The ledger's key_id for master keys. */
    public static final String MASTER = "master";

    /** A ledger key_id of a master caller: {@code master}, or {@code route:<route id>} for a route's Kamelet call. */
    public static boolean isMaster(String keyId) {
        return MASTER.equals(keyId) || keyId.startsWith("route:");
    }

    public boolean usable(Instant now) {
        return enabled && !deleted && (expiresAt == null || now.isBefore(expiresAt));
    }

    public boolean hasRateLimits() {
        return rpmLimit != null || tpmLimit != null;
    }

    /** Whether the key may call {@code model} (a name as the client sent it); no list: every model. */
    public boolean allows(String model) {
        if (models == null) {
            return true;
        }
        for (String pattern : models) {
            if (Glob.matches(pattern, model)) {
                return true;
            }
        }
        return false;
    }
}

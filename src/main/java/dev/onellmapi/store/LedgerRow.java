package dev.onellmapi.store;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One model answer as the ledger keeps it: who, which model, how it went, tokens and cost, the client API it came in
 * by ({@code chat}, {@code messages}, {@code responses}, {@code route}) and the client's session id. Never any text.
 */
public record LedgerRow(String requestId, Instant createdAt, String keyId, String model, String provider,
                        boolean stream, int status, long promptTokens, long completionTokens, long cachedTokens,
                        BigDecimal costUsd, Long latencyMs, Long ttftMs, boolean usageEstimated, String api,
                        String sessionId, long cacheWriteTokens) {
}

package dev.onellmapi.config;

import org.apache.camel.spi.PropertiesComponent;

/**
 * The settings of keys, usage and limits (DATABASE_URL, KEYS_REFRESH_SECONDS, PRICING_FILE, REDIS_URL, ...), read
 * once at start and validated like {@link GatewayConfig}'s.
 */
public record KeysConfig(String databaseUrl, String databaseUser, String databasePassword, int keysRefreshSeconds,
                         String pricingFile, int retentionDays, String redisUrl, int ledgerQueueSize,
                         int ledgerFlushMillis, int reserveCompletionTokens, int redisTimeoutMillis) {

    public static KeysConfig read(PropertiesComponent properties) {
        Settings s = new Settings(properties);
        String url = s.text("gateway.database-url", "DATABASE_URL");
        if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            throw new ConfigurationError("DATABASE_URL", "'" + url + "' is neither a jdbc:postgresql: nor a jdbc:h2: URL");
        }
        String redis = s.text("gateway.redis-url", "REDIS_URL");
        if (!redis.isEmpty() && !redis.startsWith("redis://") && !redis.startsWith("rediss://")) {
            throw new ConfigurationError("REDIS_URL", "'" + redis + "' is not a redis:// URL");
        }
        return new KeysConfig(url, s.text("gateway.database-user", "DATABASE_USER"),
                s.text("gateway.database-password", "DATABASE_PASSWORD"),
                s.integer("gateway.keys-refresh-seconds", "KEYS_REFRESH_SECONDS", 1, 3600),
                s.text("gateway.pricing-file", "PRICING_FILE"),
                s.integer("gateway.usage-retention-days", "USAGE_RETENTION_DAYS", 1, 36_500),
                redis,
                s.integer("gateway.ledger-queue-size", "LEDGER_QUEUE_SIZE", 1, 10_000_000),
                s.integer("gateway.ledger-flush-ms", "LEDGER_FLUSH_MS", 0, 3_600_000),
                s.integer("gateway.tpm-reserve-completion-tokens", "TPM_RESERVE_COMPLETION_TOKENS", 0, 10_000_000),
                s.integer("gateway.redis-timeout-ms", "REDIS_TIMEOUT_MS", 10, 60_000));
    }
}

package dev.onellmapi.config;

import dev.onellmapi.settings.GatewayConfig;
import dev.onellmapi.settings.KeysConfig;
import dev.onellmapi.admin.AdminAuth;
import dev.onellmapi.admin.AdminKeys;
import dev.onellmapi.admin.AdminUsage;
import dev.onellmapi.accounting.GatewayAuth;
import dev.onellmapi.observe.GenAiMetrics;
import dev.onellmapi.keys.KeyRing;
import dev.onellmapi.store.KeyStore;
import dev.onellmapi.accounting.KeyLimits;
import dev.onellmapi.limits.LocalRateCounters;
import dev.onellmapi.limits.RateCounters;
import dev.onellmapi.limits.RedisRateCounters;
import dev.onellmapi.limits.SpendCounters;
import dev.onellmapi.store.Database;
import dev.onellmapi.store.KeyTable;
import dev.onellmapi.store.LedgerTable;
import dev.onellmapi.usage.LedgerWriter;
import dev.onellmapi.reload.LiveConfig;
import dev.onellmapi.usage.UsageHealth;
import dev.onellmapi.accounting.UsageRecorder;
import io.vertx.core.Vertx;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

/**
 * The beans of keys, usage and limits (issue 15), bound beside {@link GatewayBeans}' own: the database and its
 * writer, the in-memory keys, the limits step ({@code keyLimits}), the ledger step ({@code usageRecorder}) and the
 * admin API's beans. Returns the {@code gatewayAuth} that knows the virtual keys.
 */
public final class KeysBeans {
    private KeysBeans() {
    }

    public static GatewayAuth bind(CamelContext camel, GatewayConfig gateway, LiveConfig live, Vertx vertx,
                                   GenAiMetrics metrics)
            throws Exception {
        KeysConfig config = KeysConfig.read(camel.getPropertiesComponent());
        Registry registry = camel.getRegistry();
        Database database = new Database(config);
        KeyStore keys = new KeyStore(new KeyTable(database), new KeyRing());
        LedgerTable ledger = new LedgerTable(database);
        SpendCounters spend = new SpendCounters();
        LedgerWriter writer = new LedgerWriter(database, ledger, keys, spend, config.ledgerQueueSize(),
                config.keysRefreshSeconds(), config.retentionDays(), config.ledgerFlushMillis(), metrics);
        camel.addService(writer); // opens and migrates the database at start; writes the last rows at stop
        RateCounters counters = config.redisUrl().isEmpty() ? new LocalRateCounters()
                : new RedisRateCounters(vertx, config.redisUrl(), config.redisTimeoutMillis());
        if (counters instanceof RedisRateCounters redis) {
            camel.addService(redis);
        }
        GatewayAuth auth = new GatewayAuth(gateway, keys.ring());
        registry.bind("ledgerWriter", writer);
        registry.bind("database", database);
        registry.bind("rateCounters", counters);
        registry.bind("keyLimits", new KeyLimits(spend, counters, live, config.reserveCompletionTokens()));
        RouteSteps.bind(registry, "usageRecorder", new UsageRecorder(live, writer, spend, counters, metrics));
        registry.bind("adminAuth", new AdminAuth(auth));
        registry.bind("adminKeys", new AdminKeys(keys, spend));
        registry.bind("adminUsage", new AdminUsage(ledger));
        registry.bind("usageHealth", new UsageHealth(writer, counters));
        return auth;
    }
}

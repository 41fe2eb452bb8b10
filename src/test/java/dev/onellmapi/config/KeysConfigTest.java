package dev.onellmapi.config;

import dev.onellmapi.settings.ConfigurationError;
import dev.onellmapi.settings.KeysConfig;
import dev.onellmapi.testing.RunningGateway;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Settings of keys and usage that cannot work stop the start, naming the variable. */
class KeysConfigTest {
    private static final Map<String, String> VALID = Map.of("gateway.database-url", "jdbc:h2:mem:x",
            "gateway.keys-refresh-seconds", "5", "gateway.usage-retention-days", "90", "gateway.ledger-queue-size",
            "10", "gateway.ledger-flush-ms", "100", "gateway.tpm-reserve-completion-tokens", "1024");

    private static KeysConfig read(String property, String value) {
        Map<String, String> values = new HashMap<>(VALID);
        values.put(property, value);
        CamelContext camel = new DefaultCamelContext();
        Properties props = new Properties();
        props.putAll(values);
        camel.getPropertiesComponent().setInitialProperties(props);
        return KeysConfig.read(camel.getPropertiesComponent());
    }

    @Test
    void badSettingsAreRefusedNamingTheVariable() {
        Map<String, String[]> cases = Map.of(
                "DATABASE_URL", new String[]{"gateway.database-url", "mysql://db/x"},
                "REDIS_URL", new String[]{"gateway.redis-url", "http://redis:6379"},
                "KEYS_REFRESH_SECONDS", new String[]{"gateway.keys-refresh-seconds", "0"},
                "USAGE_RETENTION_DAYS", new String[]{"gateway.usage-retention-days", "-5"},
                "LEDGER_QUEUE_SIZE", new String[]{"gateway.ledger-queue-size", "lots"});
        cases.forEach((variable, setting) -> {
            ConfigurationError e = assertThrows(ConfigurationError.class, () -> read(setting[0], setting[1]));
            assertTrue(e.getMessage().startsWith(variable + ": "), e.getMessage());
        });
        assertEquals("redis://127.0.0.1:6379", read("gateway.redis-url", "redis://127.0.0.1:6379").redisUrl());
    }

    @Test
    void aGatewayWithABadSettingDoesNotStart() {
        Exception e = assertThrows(Exception.class, () -> RunningGateway.start(Map.of("gateway.database-url",
                "mysql://db/x")).close());
        assertTrue(e.getMessage().contains("stopped during start"), e.getMessage());
    }
}

package dev.onellmapi.config;

import dev.onellmapi.reload.ConfigSnapshot;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import dev.onellmapi.model.ModelResolver;
import dev.onellmapi.model.ProviderType;
import dev.onellmapi.model.ProvidersConfig;
import dev.onellmapi.settings.Settings;
import dev.onellmapi.model.Placement;
import dev.onellmapi.settings.ConfigurationError;
import dev.onellmapi.settings.GatewayConfig;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A bad setting stops the start with a message that names the environment variable to fix. */
class GatewayConfigTest {
    private static final Map<String, String> VALID = Map.ofEntries(
            Map.entry("gateway.api-keys", "k1"), Map.entry("gateway.port", "8787"),
            Map.entry("gateway.max-body-bytes", "4194304"), Map.entry("gateway.models-cache-seconds", "300"),
            Map.entry("gateway.max-models-per-request", "8"), Map.entry("gateway.worker-pool-size", "64"),
            Map.entry("gateway.metrics-max-models", "200"),
            Map.entry("gateway.upstream-connect-timeout-seconds", "10"),
            Map.entry("gateway.upstream-timeout-seconds", "600"),
            Map.entry("gateway.stream-idle-seconds", "120"), Map.entry("gateway.stream-ping-seconds", "15"),
            Map.entry("openai.api-key", ""), Map.entry("openai.api-base", "https://api.openai.com/v1"),
            Map.entry("azure.api-keys", ""), Map.entry("azure.deployments", ""),
            Map.entry("azure.api-base", "https://{resource}.openai.azure.com"),
            Map.entry("azure.api-version", "2024-10-21"), Map.entry("azure.responses", "false"),
            Map.entry("anthropic.api-key", ""), Map.entry("anthropic.api-base", "https://api.anthropic.com"),
            Map.entry("anthropic.default-max-tokens", "4096"),
            Map.entry("gemini.api-key", ""), Map.entry("gemini.api-base", "https://generativelanguage.googleapis.com"),
            Map.entry("palm.api-key", ""), Map.entry("palm.api-base", "https://generativelanguage.googleapis.com"),
            Map.entry("gateway.upstream-retries", "2"), Map.entry("gateway.upstream-retry-delay-ms", "500"),
            Map.entry("gateway.upstream-retry-after-max-seconds", "30"), Map.entry("gateway.model-fallbacks", ""),
            Map.entry("gateway.breaker-failure-rate", "50"), Map.entry("gateway.breaker-window", "20"),
            Map.entry("gateway.breaker-min-calls", "10"), Map.entry("gateway.breaker-open-seconds", "30"),
            Map.entry("gateway.upstream-max-response-bytes", "33554432"),
            Map.entry("gateway.host", "0.0.0.0"), Map.entry("gateway.shutdown-grace-seconds", "30"),
            Map.entry("gateway.client-read-timeout-seconds", "30"),
            Map.entry("gateway.client-idle-timeout-seconds", "120"),
            Map.entry("gateway.max-client-connections", "auto"),
            Map.entry("gateway.upstream-connections-per-host", "2048"),
            Map.entry("gateway.upstream-max-connections", "4096"));

    private static GatewayConfig read(String... overrides) {
        return GatewayConfig.read(camel(overrides).getPropertiesComponent());
    }

    /** Everything read at start: the gateway's settings, the providers and each provider type's own settings. */
    private static ModelResolver readAll(String... overrides) {
        CamelContext camel = camel(overrides);
        GatewayConfig config = GatewayConfig.read(camel.getPropertiesComponent());
        ProvidersConfig providers = ProvidersConfig.read(camel.getPropertiesComponent(), ProviderTypes.ALL);
        for (ProviderType type : ProviderTypes.ALL) {
            type.beans(new Settings(camel.getPropertiesComponent()), config);
        }
        return new ModelResolver(config, providers);
    }

    private static CamelContext camel(String... overrides) {
        Map<String, String> values = new HashMap<>(VALID);
        for (int i = 0; i < overrides.length; i += 2) {
            values.put(overrides[i], overrides[i + 1]);
        }
        CamelContext camel = new DefaultCamelContext();
        Properties props = new Properties();
        props.putAll(values);
        camel.getPropertiesComponent().setInitialProperties(props);
        return camel;
    }

    private static void assertRejected(String variable, String... overrides) {
        ConfigurationError e = assertThrows(ConfigurationError.class, () -> readAll(overrides));
        assertTrue(e.getMessage().startsWith(variable + ":"), e.getMessage());
    }

    @Test
    void badValuesNameTheirVariable() {
        assertRejected("PORT", "gateway.port", "eighty");
        assertRejected("PORT", "gateway.port", "70000");
        assertRejected("OPENAI_API_BASE", "openai.api-base", "api.openai.com");
        assertRejected("MAX_REQUEST_BODY_BYTES", "gateway.max-body-bytes", "-1");
        assertRejected("AZURE_OPENAI_API_KEYS", "azure.api-keys", "no-colon-here", "azure.deployments", "d");
        assertRejected("AZURE_OPENAI_DEPLOYMENTS", "azure.api-keys", "a:k1;b:k2", "azure.deployments", "d1");
        assertRejected("AZURE_OPENAI_DEPLOYMENTS", "azure.api-keys", "a:k1", "azure.deployments", "=x");
        assertRejected("ANTHROPIC_DEFAULT_MAX_TOKENS", "anthropic.default-max-tokens", "0");
        assertRejected("UPSTREAM_RETRIES", "gateway.upstream-retries", "-1");
        assertRejected("CIRCUIT_BREAKER_FAILURE_RATE", "gateway.breaker-failure-rate", "150");
        assertRejected("MODEL_FALLBACKS", "gateway.model-fallbacks", "gpt-4o");
        assertRejected("MODEL_FALLBACKS", "gateway.model-fallbacks", "gpt-4o=");
        assertRejected("MODEL_FALLBACKS", "gateway.model-fallbacks", "a=b;a=c");
        assertRejected("HOST", "gateway.host", "not a host!");
        assertRejected("HOST", "gateway.host", "");
        assertRejected("SHUTDOWN_GRACE_SECONDS", "gateway.shutdown-grace-seconds", "x");
        assertRejected("CLIENT_READ_TIMEOUT_SECONDS", "gateway.client-read-timeout-seconds", "0");
        assertRejected("CLIENT_IDLE_TIMEOUT_SECONDS", "gateway.client-idle-timeout-seconds", "soon");
        assertRejected("MAX_CLIENT_CONNECTIONS", "gateway.max-client-connections", "-3");
        assertRejected("METRICS_MAX_MODELS", "gateway.metrics-max-models", "0");
        assertRejected("MANAGEMENT_HOST", "gateway.management-host", "not a host!");
    }

    @Test
    void clientConnectionsDefaultToTheMachinesLimitAndAcceptANumber() {
        assertTrue(read().server().maxConnections() >= 256);
        assertEquals(42, read("gateway.max-client-connections", "42").server().maxConnections());
        assertEquals("127.0.0.1", read("gateway.host", "127.0.0.1").server().host());
    }

    @Test
    void modelFallbacksKeepTheirOrderAndMustNameModelsTheGatewayServes() {
        GatewayConfig config = read("gateway.model-fallbacks", "gpt-4o = claude-3-5-sonnet-latest, gemini-1.5-pro ; "
                + "claude-3-haiku=gpt-4o-mini", "openai.api-key", "k", "anthropic.api-key", "k");
        assertEquals(Map.of("gpt-4o", List.of("claude-3-5-sonnet-latest", "gemini-1.5-pro"),
                "claude-3-haiku", List.of("gpt-4o-mini")), config.modelFallbacks());
        ModelResolver resolver = readAll("openai.api-key", "k", "anthropic.api-key", "k");
        ConfigurationError e = assertThrows(ConfigurationError.class, () -> ConfigSnapshot.resolveFallbacks(config, resolver));
        assertTrue(e.getMessage().startsWith("MODEL_FALLBACKS: 'gemini-1.5-pro' (a fallback of 'gpt-4o')")
                && e.getMessage().contains("not enabled"), e.getMessage());
    }

    @Test
    void azureResourcesKeepOrderKeysAndAliases() {
        List<Placement> resources = readAll("azure.api-keys", "resA:keyA; resB:keyB",
                "azure.deployments", "dep1,gpt-4o=dep2;dep3").providers().builtIn().stream()
                .flatMap(p -> p.placements().all().stream()).toList();
        assertEquals(2, resources.size());
        Placement b = resources.get(1);
        assertEquals("resB", b.name());
        assertEquals("keyB", b.key());
        assertEquals("https://resB.openai.azure.com", b.base());
        assertEquals(Map.of("dep3", "dep3"), b.models());
        assertEquals("dep2", resources.get(0).models().get("gpt-4o"));
        assertFalse(b.toString().contains("keyB"), "a resource never prints its key");
    }

    @Test
    void noGatewayKeyMeansAGeneratedOne() {
        GatewayConfig config = read("gateway.api-keys", "");
        assertTrue(config.generatedKey());
        assertTrue(config.gatewayKeys().get(0).startsWith("sk-") && config.gatewayKeys().get(0).length() > 30);
        assertEquals(java.util.List.of("a", "b"), read("gateway.api-keys", " a , b ").gatewayKeys());
    }
}

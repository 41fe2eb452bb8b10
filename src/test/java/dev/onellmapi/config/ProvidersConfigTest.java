package dev.onellmapi.config;

import dev.onellmapi.reload.ConfigSnapshot;
import dev.onellmapi.model.ProvidersConfig;
import dev.onellmapi.settings.ConfigurationError;
import dev.onellmapi.settings.GatewayConfig;
import dev.onellmapi.settings.GatewayDefaults;
import dev.onellmapi.wire.ApiError;
import dev.onellmapi.model.ModelResolver;
import dev.onellmapi.model.ModelTarget;
import dev.onellmapi.model.ProviderInstance;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Providers and aliases from properties: how they are read and resolved, and every setting that stops the start with
 * a message naming the property to fix.
 */
class ProvidersConfigTest {
    private static final Map<String, String> GROQ = Map.of(
            "gateway.providers.groq.type", "openai",
            "gateway.providers.groq.api-base", "https://api.groq.com/openai/v1/",
            "gateway.providers.groq.api-keys", "gsk-one-aaaaaaaa, gsk-two-bbbbbbbb",
            "gateway.providers.groq.models", "llama-3*,mixtral-*",
            "gateway.providers.groq.headers", "X-Title=one-llm-api;HTTP-Referer=https://example.com");

    private record Read(GatewayConfig config, ProvidersConfig providers, ModelResolver resolver) {
    }

    private static Read read(Map<String, String> base, String... more) {
        Map<String, String> values = new HashMap<>(base);
        values.put("openai.api-key", "sk-openai-cccccccc");
        values.put("openai.api-base", "https://api.openai.com/v1");
        values.put("anthropic.api-base", "https://api.anthropic.com");
        values.put("gemini.api-base", "https://generativelanguage.googleapis.com");
        values.put("palm.api-base", "https://generativelanguage.googleapis.com");
        for (int i = 0; i < more.length; i += 2) {
            values.put(more[i], more[i + 1]);
        }
        CamelContext camel = new DefaultCamelContext();
        Properties props = defaults();
        values.forEach((name, value) -> {
            if (value == null) {
                props.remove(name);
            } else {
                props.put(name, value);
            }
        });
        camel.getPropertiesComponent().setInitialProperties(props);
        GatewayConfig config = GatewayConfig.read(camel.getPropertiesComponent());
        ProvidersConfig providers = ProvidersConfig.read(camel.getPropertiesComponent(), ProviderTypes.ALL);
        ModelResolver resolver = new ModelResolver(config, providers);
        ConfigSnapshot.resolveFallbacks(config, resolver);
        return new Read(config, providers, resolver);
    }

    /** The gateway's and the provider types' settings with each variable at its default: a test sets only what it is about. */
    private static Properties defaults() {
        Properties file = GatewayDefaults.read();
        ProviderTypes.ALL.forEach(type -> file.putAll(type.defaults()));
        Properties defaults = new Properties();
        file.stringPropertyNames().forEach(name -> defaults.put(name,
                file.getProperty(name).replaceAll("\\{\\{env:[A-Z_]+:?(.*)}}", "$1")));
        defaults.put("gateway.api-keys", "k1");
        return defaults;
    }

    private static void assertStops(String message, String... settings) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < settings.length; i += 2) {
            values.put(settings[i], settings[i + 1]);
        }
        ConfigurationError e = assertThrows(ConfigurationError.class, () -> read(values));
        assertTrue(e.getMessage().startsWith(message), "got: " + e.getMessage());
    }

    @Test
    void aConfiguredProviderIsReadWithItsKeysPatternsAndHeaders() {
        Read r = read(GROQ);
        ProviderInstance groq = r.providers().configured().get(0);
        assertEquals("groq", groq.name());
        assertEquals("openai", groq.type().id());
        assertEquals("https://api.groq.com/openai/v1", groq.base(), "the trailing slash is dropped");
        assertEquals(2, groq.keys().size());
        assertEquals(Map.of("Authorization", "Bearer gsk-two-bbbbbbbb", "X-Title", "one-llm-api", "HTTP-Referer",
                "https://example.com"), groq.headers(1));
        assertTrue(r.providers().secrets().contains("gsk-one-aaaaaaaa"), "its keys are redacted everywhere");

        ModelTarget llama = r.resolver().resolve("Llama-3.1-70B");
        assertEquals("groq", llama.getProvider());
        assertEquals("Llama-3.1-70B", llama.upstreamModel());
        assertEquals("openai", r.resolver().resolve("gpt-4o").getProvider(), "the built-in patterns still apply");
        ModelTarget prefixed = r.resolver().resolve("groq/gpt-4o");
        assertEquals("groq", prefixed.getProvider(), "<name>/<model> always reaches that provider");
        assertEquals("gpt-4o", prefixed.upstreamModel());
    }

    @Test
    void configuredPatternsComeBeforeTheBuiltInOnesAndAliasesBeforeEverything() {
        Read r = read(GROQ, "gateway.providers.groq.models", "gpt-oss-*", "gateway.aliases.fast",
                "groq/llama-3.1-8b-instant", "gateway.aliases.gpt-4o", "groq/gpt-oss-120b");
        assertEquals("groq", r.resolver().resolve("gpt-oss-20b").getProvider(), "before OpenAI's gpt-*");
        ModelTarget fast = r.resolver().resolve("fast");
        assertEquals("groq", fast.getProvider());
        assertEquals("fast", fast.requested(), "the client's name is kept (fallbacks, multi-model tags)");
        assertEquals("llama-3.1-8b-instant", fast.upstreamModel());
        assertEquals("gpt-oss-120b", r.resolver().resolve("gpt-4o").upstreamModel(), "an alias wins over patterns");
    }

    @Test
    void aServerWithoutKeyGetsNoAuthorizationHeader() {
        Read r = read(Map.of("gateway.providers.ollama.type", "openai",
                "gateway.providers.ollama.api-base", "http://localhost:11434/v1",
                "gateway.providers.ollama.models", "llama3*,qwen*"));
        ProviderInstance ollama = r.providers().configured().get(0);
        assertEquals(Map.of(), ollama.headers(0));
        assertEquals("ollama", r.resolver().resolve("qwen2.5:7b").getProvider());
    }

    @Test
    void anAzureStyleProviderIsCalledByItsOwnEndpointAndKeys() {
        Read r = read(Map.of("gateway.providers.azure-eu.type", "azure",
                "gateway.providers.azure-eu.api-base", "https://my-eu.openai.azure.com",
                "gateway.providers.azure-eu.api-keys", "az-eu-key-dddddddd",
                "gateway.providers.azure-eu.models", "gpt-4o-eu"));
        ModelTarget target = r.resolver().resolve("gpt-4o-eu");
        assertEquals("azure", target.provider().id());
        assertEquals("azure-eu", target.getProvider());
        assertNull(target.placement(), "not a resource of AZURE_OPENAI_API_KEYS");
        assertEquals(Map.of("api-key", "az-eu-key-dddddddd"), target.instance().headers(0));
    }

    @Test
    void theBuiltInsAreInstancesOfTheirEnvironmentVariables() {
        Read r = read(Map.of(), "openai.api-key", "sk-first-eeeeeeee,sk-second-ffffffff");
        ProviderInstance openai = r.providers().builtIn(ProviderTypes.ALL.get(0));
        assertEquals("openai", openai.name());
        assertEquals(2, openai.keys().size(), "OPENAI_API_KEY may hold several keys");
        assertEquals(Map.of("Authorization", "Bearer sk-second-ffffffff"), openai.headers(1));
        ApiError e = assertThrows(ApiError.class, () -> r.resolver().resolve("claude-3-5-sonnet-latest"));
        assertEquals(404, e.status());
        assertTrue(e.getMessage().contains("not enabled"), e.getMessage());
    }

    @Test
    void anUnknownTypeStopsTheStart() {
        assertStops("gateway.providers.x.type: 'ollama' is not a provider type",
                "gateway.providers.x.type", "ollama", "gateway.providers.x.api-base", "http://localhost:1/v1");
        assertStops("gateway.providers.x.type: is not set",
                "gateway.providers.x.api-base", "http://localhost:1/v1");
    }

    @Test
    void aMissingBaseOrKeyStopsTheStart() {
        assertStops("gateway.providers.x.api-base: is not set", "gateway.providers.x.type", "openai");
        assertStops("gateway.providers.x.api-base: 'localhost:11434' is not",
                "gateway.providers.x.type", "openai", "gateway.providers.x.api-base", "localhost:11434");
        assertStops("gateway.providers.x.api-keys: is empty", "gateway.providers.x.type", "openai",
                "gateway.providers.x.api-base", "http://localhost:1/v1", "gateway.providers.x.api-keys", " ");
        assertStops("gateway.providers.x.api-keys: is not set", "gateway.providers.x.type", "anthropic",
                "gateway.providers.x.api-base", "http://localhost:1");
    }

    @Test
    void twoProvidersClaimingOnePatternStopTheStart() {
        Map<String, String> both = new HashMap<>(GROQ);
        both.putAll(Map.of("gateway.providers.together.type", "openai",
                "gateway.providers.together.api-base", "https://api.together.xyz/v1",
                "gateway.providers.together.api-keys", "tg-key-gggggggg",
                "gateway.providers.together.models", "Mixtral-*"));
        ConfigurationError e = assertThrows(ConfigurationError.class, () -> read(both));
        assertEquals("gateway.providers.together.models: 'Mixtral-*' is claimed by provider 'groq' too "
                + "(gateway.providers.groq.models); a pattern belongs to one provider", e.getMessage());
    }

    @Test
    void anAliasPointingAtNothingStopsTheStart() {
        ConfigurationError e = assertThrows(ConfigurationError.class,
                () -> read(GROQ, "gateway.aliases.fast", "llama3-typo"));
        assertTrue(e.getMessage().startsWith("gateway.aliases.fast: points at nothing: The model 'fast'"),
                e.getMessage());
        assertThrows(ConfigurationError.class, () -> read(GROQ, "gateway.aliases.smart", "claude-3-opus"),
                "a built-in provider without its key serves nothing");
        assertStops("gateway.aliases.fast: is empty", "gateway.aliases.fast", "");
    }

    @Test
    void otherMistakesNameTheirProperty() {
        assertStops("gateway.providers.groq.api-key: is not a provider setting", "gateway.providers.groq.api-key",
                "x");
        assertStops("gateway.providers.openai.type: 'openai' is the name of a built-in provider",
                "gateway.providers.openai.type", "openai", "gateway.providers.openai.api-base", "http://a:1/v1");
        assertStops("gateway.providers.x.headers: 'X-Title' is not 'Header-Name=value'",
                "gateway.providers.x.type", "openai", "gateway.providers.x.api-base", "http://a:1/v1",
                "gateway.providers.x.headers", "X-Title");
        assertStops("gateway.providers.x.default-max-tokens: 'many' is not a whole number",
                "gateway.providers.x.type", "openai", "gateway.providers.x.api-base", "http://a:1/v1",
                "gateway.providers.x.default-max-tokens", "many");
    }

    @Test
    void theKeyCooldownIsCheckedAndDefaultsWithoutItsLine() {
        assertStops("KEY_COOLDOWN_SECONDS: 'soon' is not a whole number", "gateway.key-cooldown-seconds", "soon");
        Map<String, String> without = new HashMap<>(GROQ);
        without.put("gateway.key-cooldown-seconds", null);
        read(without); // an application.properties from before the setting still starts
    }

    @Test
    void aFallbackMayNameAnAliasOrAConfiguredProvidersModel() {
        Read r = read(GROQ, "gateway.aliases.fast", "groq/llama-3.1-8b-instant",
                "gateway.model-fallbacks", "gpt-4o=fast,groq/mixtral-8x7b;fast=gpt-4o-mini");
        assertEquals(2, r.config().modelFallbacks().get("gpt-4o").size());
    }

    /** The standalone start: one line naming the property, set as a Java system property. */
    @Test
    void theStandaloneStartStopsWithTheMessage() throws Exception {
        String output = startStops(Path.of("."), "-Dgateway.providers.local.type=olama",
                "-Dgateway.providers.local.api-base=http://localhost:11434/v1");
        assertTrue(output.contains("one-llm-api: gateway.providers.local.type: 'olama' is not a provider type"),
                output);
    }

    /** The same from the operator's application.properties (its working directory's), as the README shows it. */
    @Test
    void providersAreReadFromTheApplicationPropertiesFile(@TempDir Path dir) throws Exception {
        String file = Files.readString(Path.of("application.properties"), StandardCharsets.UTF_8)
                + "\ngateway.providers.groq.type = openai\n"
                + "gateway.providers.groq.api-base = https://api.groq.com/openai/v1\n"
                + "gateway.providers.groq.api-keys = {{env:ONE_LLM_API_TEST_UNSET_KEY:}}\n";
        Files.writeString(dir.resolve("application.properties"), file, StandardCharsets.UTF_8);
        String output = startStops(dir);
        assertTrue(output.contains("one-llm-api: gateway.providers.groq.api-keys: is empty (an unset environment "
                + "variable?)"), output);
    }

    private static String startStops(Path workingDirectory, String... javaOptions) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx128m"));
        command.addAll(List.of(javaOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.onellmapi.Application"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
                .redirectErrorStream(true);
        builder.environment().put("ONE_API_KEY", "sk-startup-test");
        Process process = builder.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the start with a bad setting did not stop");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, process.exitValue(), output);
        assertFalse(output.contains("\tat "), "a stack trace instead of the message: " + output);
        return output;
    }
}

package dev.onellmapi.model;

import dev.onellmapi.settings.ConfigurationError;
import dev.onellmapi.settings.GatewayConfig;
import dev.onellmapi.settings.Settings;
import dev.onellmapi.model.Provider;
import dev.onellmapi.model.ProviderInstance;
import dev.onellmapi.model.ProviderKeys;
import org.apache.camel.spi.PropertiesComponent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The providers of the gateway as instances: the five built-in ones made from the environment variables of the design
 * (named {@code openai}, {@code azure}, {@code anthropic}, {@code gemini}, {@code palm}), and those configured as
 * {@code gateway.providers.<name>.*} properties (application.properties, or {@code -D} system properties), with the
 * aliases {@code gateway.aliases.<alias>}. Read and validated once at start: a setting that cannot work stops the
 * start with a message naming its property.
 */
public final class ProvidersConfig {
    static final String PREFIX = "gateway.providers.";
    static final String ALIASES = "gateway.aliases.";
    private static final Set<String> FIELDS = Set.of("type", "api-base", "api-keys", "models", "headers",
            "drop-params", "default-max-tokens");

    private static final int DEFAULT_COOLDOWN_SECONDS = 60;

    private final Map<Provider, ProviderInstance> builtIn = new LinkedHashMap<>();
    private final List<ProviderInstance> configured = new ArrayList<>();
    private final Map<String, String> aliases = new TreeMap<>();
    private final int cooldownSeconds;

    private ProvidersConfig(GatewayConfig config, int cooldownSeconds) {
        this.cooldownSeconds = cooldownSeconds;
        builtIn.put(Provider.OPENAI, builtIn("openai", Provider.OPENAI, config.openAiBase(), config.openAiKey(),
                List.of("gpt-*", "o1*", "o3*", "o4*", "chatgpt-*")));
        builtIn.put(Provider.AZURE, builtIn("azure", Provider.AZURE, "", "", List.of())); // keys: its resources'
        builtIn.put(Provider.ANTHROPIC, builtIn("anthropic", Provider.ANTHROPIC, config.anthropicBase(),
                config.anthropicKey(), List.of("claude-*")));
        builtIn.put(Provider.GEMINI, builtIn("gemini", Provider.GEMINI, config.geminiBase(), config.geminiKey(),
                List.of("gemini-*")));
        builtIn.put(Provider.PALM, builtIn("palm", Provider.PALM, config.palmBase(), config.palmKey(),
                List.of("*bison*")));
    }

    /** The built-in providers only (KEY_COOLDOWN_SECONDS at its default): for tests of the older settings. */
    public static ProvidersConfig builtInOnly(GatewayConfig config) {
        return new ProvidersConfig(config, DEFAULT_COOLDOWN_SECONDS);
    }

    public static ProvidersConfig read(PropertiesComponent properties, GatewayConfig config) {
        Settings settings = new Settings(properties);
        // an application.properties from before this setting has no line for it: its default then
        ProvidersConfig providers = new ProvidersConfig(config,
                properties.resolveProperty("gateway.key-cooldown-seconds").isEmpty() ? DEFAULT_COOLDOWN_SECONDS
                        : settings.integer("gateway.key-cooldown-seconds", "KEY_COOLDOWN_SECONDS", 1, 86_400));
        Set<String> names = names(properties);
        Map<String, Map<String, String>> byProvider = new TreeMap<>();
        for (String name : names) {
            if (name.startsWith(PREFIX)) {
                String rest = name.substring(PREFIX.length());
                int dot = rest.lastIndexOf('.');
                String provider = dot < 0 ? rest : rest.substring(0, dot);
                String field = dot < 0 ? "" : rest.substring(dot + 1);
                if (!FIELDS.contains(field)) {
                    throw new ConfigurationError(name, "is not a provider setting; a provider has "
                            + new TreeSet<>(FIELDS) + " (gateway.providers.<name>.<setting>)");
                }
                if (!provider.matches("[A-Za-z0-9][A-Za-z0-9_-]*")) {
                    throw new ConfigurationError(name, "'" + provider + "' is not a provider name (letters, digits,"
                            + " '-' and '_', no '.' or '/')");
                }
                byProvider.computeIfAbsent(provider, p -> new HashMap<>()).put(field, settings.text(name, name));
            } else if (name.startsWith(ALIASES)) {
                String alias = name.substring(ALIASES.length());
                String model = settings.text(name, name);
                if (alias.isEmpty() || alias.contains(",")) {
                    throw new ConfigurationError(name, "'" + alias + "' is not an alias name (no ',' in it)");
                }
                if (model.isEmpty()) {
                    throw new ConfigurationError(name, "is empty; give the model the alias stands for");
                }
                providers.aliases.put(alias, model);
            }
        }
        Map<String, String> patternOwner = new HashMap<>();
        byProvider.forEach((name, fields) -> {
            ProviderInstance instance = providers.configured(settings, name, fields);
            for (String pattern : instance.patterns()) {
                String owner = patternOwner.putIfAbsent(pattern.toLowerCase(Locale.ROOT), name);
                if (owner != null) {
                    throw new ConfigurationError(PREFIX + name + ".models", "'" + pattern + "' is claimed by "
                            + "provider '" + owner + "' too (" + PREFIX + owner + ".models); a pattern belongs to "
                            + "one provider");
                }
            }
            providers.configured.add(instance);
        });
        return providers;
    }

    /** Every property name of the gateway's sources that configures a provider or an alias. */
    private static Set<String> names(PropertiesComponent properties) {
        Set<String> names = new TreeSet<>();
        Properties loaded = properties.loadProperties(ProvidersConfig::ours);
        loaded.stringPropertyNames().forEach(names::add);
        if (properties instanceof org.apache.camel.component.properties.PropertiesComponent camel
                && camel.getOverrideProperties() != null) {
            camel.getOverrideProperties().stringPropertyNames().stream().filter(ProvidersConfig::ours)
                    .forEach(names::add);
        }
        System.getProperties().stringPropertyNames().stream().filter(ProvidersConfig::ours).forEach(names::add);
        return names;
    }

    private static boolean ours(String key) {
        return key.startsWith(PREFIX) || key.startsWith(ALIASES);
    }

    private ProviderInstance configured(Settings settings, String name, Map<String, String> fields) {
        String p = PREFIX + name + ".";
        if (Arrays.stream(Provider.values()).anyMatch(type -> type.id().equals(name))) {
            throw new ConfigurationError(p + "type", "'" + name + "' is the name of a built-in provider (set by "
                    + "its environment variables); give this provider another name");
        }
        String typeName = fields.getOrDefault("type", "");
        Provider type = Arrays.stream(Provider.values()).filter(t -> t.id().equals(typeName)).findFirst()
                .orElseThrow(() -> new ConfigurationError(p + "type", (typeName.isEmpty() ? "is not set"
                        : "'" + typeName + "' is not a provider type") + "; it is one of openai (any "
                        + "OpenAI-compatible server), azure, anthropic, gemini, palm"));
        if (fields.getOrDefault("api-base", "").isEmpty()) {
            throw new ConfigurationError(p + "api-base", "is not set; give the server's base URL (for an "
                    + "OpenAI-compatible server the part before /chat/completions, e.g. http://localhost:11434/v1)");
        }
        String base = settings.baseUrl(p + "api-base", p + "api-base");
        List<String> keys = GatewayConfig.splitList(fields.getOrDefault("api-keys", ""), ",");
        if (keys.isEmpty()) {
            if (fields.containsKey("api-keys") || type != Provider.OPENAI) {
                throw new ConfigurationError(p + "api-keys", (fields.containsKey("api-keys") ? "is empty (an unset "
                        + "environment variable?)" : "is not set") + "; give the provider's key(s), comma-separated"
                        + (type == Provider.OPENAI ? " (for a server that takes no key, leave the line out)" : ""));
            }
            keys = List.of("");
        }
        List<String> patterns = GatewayConfig.splitList(fields.getOrDefault("models", ""), ",");
        Map<String, String> extras = headers(p + "headers", fields.getOrDefault("headers", ""));
        Set<String> drop = new LinkedHashSet<>(GatewayConfig.splitList(fields.getOrDefault("drop-params", ""), ","));
        if (drop.contains("model") || drop.contains("messages")) {
            throw new ConfigurationError(p + "drop-params", "cannot drop 'model' or 'messages'");
        }
        int maxTokens = fields.getOrDefault("default-max-tokens", "").isEmpty() ? 0
                : settings.integer(p + "default-max-tokens", p + "default-max-tokens", 1, 10_000_000);
        return new ProviderInstance(name, type, base, keys(name, type, keys, extras), patterns, extras, drop,
                maxTokens, false);
    }

    private ProviderInstance builtIn(String name, Provider type, String base, String keyValue,
                                     List<String> patterns) {
        List<String> keys = GatewayConfig.splitList(keyValue, ",");
        return new ProviderInstance(name, type, base, keys(name, type, keys.isEmpty() ? List.of("") : keys,
                Map.of()), patterns, Map.of(), Set.of(), 0, true);
    }

    private ProviderKeys keys(String name, Provider type, List<String> keys, Map<String, String> extras) {
        List<Map<String, String>> headers = new ArrayList<>();
        for (String key : keys) {
            headers.add(ProviderKeys.headers(auth(type, key), extras));
        }
        return new ProviderKeys(name, keys, headers, cooldownSeconds);
    }

    /** The header that carries a key, as each type's API wants it; none without a key (a local server). */
    static Map<String, String> auth(Provider type, String key) {
        if (key.isEmpty()) {
            return type == Provider.ANTHROPIC ? Map.of("anthropic-version", "2023-06-01") : Map.of();
        }
        return switch (type) {
            case OPENAI -> Map.of("Authorization", "Bearer " + key);
            case AZURE -> Map.of("api-key", key);
            case ANTHROPIC -> Map.of("x-api-key", key, "anthropic-version", "2023-06-01");
            case GEMINI, PALM -> Map.of("x-goog-api-key", key);
        };
    }

    /** {@code HTTP-Referer=https://example.com;X-Title=one-llm-api} */
    private static Map<String, String> headers(String property, String value) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String entry : GatewayConfig.splitList(value, ";")) {
            int eq = entry.indexOf('=');
            String name = eq < 0 ? "" : entry.substring(0, eq).trim();
            if (name.isEmpty() || !name.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
                throw new ConfigurationError(property, "'" + entry + "' is not 'Header-Name=value' (entries are "
                        + "separated by ';')");
            }
            headers.put(name, entry.substring(eq + 1).trim());
        }
        return headers;
    }

    public ProviderInstance builtIn(Provider type) {
        return builtIn.get(type);
    }

    /** The configured providers, by name. */
    public List<ProviderInstance> configured() {
        return configured;
    }

    /** Alias to the model it stands for, by alias. */
    public Map<String, String> aliases() {
        return aliases;
    }

    /** Every key of every provider, for the secret redactor. */
    public List<String> secrets() {
        List<String> all = new ArrayList<>();
        builtIn.values().forEach(p -> all.addAll(p.keys().secrets()));
        configured.forEach(p -> all.addAll(p.keys().secrets()));
        return all;
    }
}

package dev.onellmapi.model;

import dev.onellmapi.settings.ConfigurationError;
import dev.onellmapi.settings.GatewayConfig;
import dev.onellmapi.settings.Settings;
import org.apache.camel.spi.PropertiesComponent;

import java.util.ArrayList;
import java.util.Collection;
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
 * The providers of the gateway as instances: one built-in per provider type, made from the type's environment
 * variables and named as the type ({@code openai}, {@code anthropic}, ...), and those configured as
 * {@code gateway.providers.<name>.*} properties (application.properties, or {@code -D} system properties), with the
 * aliases {@code gateway.aliases.<alias>}. Read and validated once at start: a setting that cannot work stops the
 * start with a message naming its property.
 */
public final class ProvidersConfig {
    static final String PREFIX = "gateway.providers.";
    static final String ALIASES = "gateway.aliases.";
    private static final Set<String> FIELDS = Set.of("type", "api-base", "api-keys", "models", "headers",
            "drop-params", "default-max-tokens", "responses");

    private static final int DEFAULT_COOLDOWN_SECONDS = 60;

    private final List<ProviderType> types;
    private final Map<ProviderType, ProviderInstance> builtIn = new LinkedHashMap<>();
    private final Set<ProviderType> enabled = new LinkedHashSet<>();
    private final List<ProviderInstance> configured = new ArrayList<>();
    private final Map<String, String> aliases = new TreeMap<>();
    private final int cooldownSeconds;

    private ProvidersConfig(List<ProviderType> types, Settings settings, int cooldownSeconds) {
        this.types = List.copyOf(types);
        this.cooldownSeconds = cooldownSeconds;
        for (ProviderType type : types) {
            ProviderType.BuiltIn settingsOf = type.builtIn(settings);
            builtIn.put(type, builtIn(type, settingsOf));
            if (settingsOf.enabled()) {
                enabled.add(type);
            }
        }
    }

    /** @param types the provider types, in the order their built-in name patterns are tried */
    public static ProvidersConfig read(PropertiesComponent properties, List<ProviderType> types) {
        Settings settings = new Settings(properties);
        // an application.properties from before this setting has no line for it: its default then
        ProvidersConfig providers = new ProvidersConfig(types, settings,
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
        if (types.stream().anyMatch(type -> type.id().equals(name))) {
            throw new ConfigurationError(p + "type", "'" + name + "' is the name of a built-in provider (set by "
                    + "its environment variables); give this provider another name");
        }
        String typeName = fields.getOrDefault("type", "");
        ProviderType type = types.stream().filter(t -> t.id().equals(typeName)).findFirst()
                .orElseThrow(() -> new ConfigurationError(p + "type", (typeName.isEmpty() ? "is not set"
                        : "'" + typeName + "' is not a provider type") + "; it is one of "
                        + String.join(", ", types.stream().map(ProviderType::id).toList())));
        if (fields.getOrDefault("api-base", "").isEmpty()) {
            throw new ConfigurationError(p + "api-base", "is not set; give the server's base URL (for an "
                    + "OpenAI-compatible server the part before /chat/completions, e.g. http://localhost:11434/v1)");
        }
        String base = settings.baseUrl(p + "api-base", p + "api-base");
        List<String> keys = GatewayConfig.splitList(fields.getOrDefault("api-keys", ""), ",");
        if (keys.isEmpty()) {
            if (fields.containsKey("api-keys") || !type.keyOptional()) {
                throw new ConfigurationError(p + "api-keys", (fields.containsKey("api-keys") ? "is empty (an unset "
                        + "environment variable?)" : "is not set") + "; give the provider's key(s), comma-separated"
                        + (type.keyOptional() ? " (for a server that takes no key, leave the line out)" : ""));
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
        String responses = fields.getOrDefault("responses", "false");
        if (!responses.equals("true") && !responses.equals("false")) {
            throw new ConfigurationError(p + "responses", "'" + responses + "' is neither true nor false");
        }
        if (responses.equals("true") && !type.responsesApi()) {
            throw new ConfigurationError(p + "responses", "a " + type.id() + "-type server cannot have OpenAI's "
                    + "Responses API");
        }
        return new ProviderInstance(name, type, base, keys(name, type, keys, extras), patterns, extras, drop,
                maxTokens, false, responses.equals("true"), Placements.NONE);
    }

    /** The built-in provider of a type, named as the type; its patterns are tried after the configured ones'. */
    private ProviderInstance builtIn(ProviderType type, ProviderType.BuiltIn settings) {
        List<String> keys = GatewayConfig.splitList(settings.keys(), ",");
        return new ProviderInstance(type.id(), type, settings.base(), keys(type.id(), type,
                keys.isEmpty() ? List.of("") : keys, Map.of()), type.namePatterns(), Map.of(), Set.of(), 0, true,
                type.responsesApi() || settings.responses(), settings.placements());
    }

    private ProviderKeys keys(String name, ProviderType type, List<String> keys, Map<String, String> extras) {
        List<Map<String, String>> headers = new ArrayList<>();
        for (String key : keys) {
            headers.add(ProviderKeys.headers(type.auth(key), extras));
        }
        return new ProviderKeys(name, keys, headers, cooldownSeconds);
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

    /** The provider types, in the registry's order. */
    public List<ProviderType> types() {
        return types;
    }

    public ProviderInstance builtIn(ProviderType type) {
        return builtIn.get(type);
    }

    /** The built-in providers, one per type in the registry's order. */
    public Collection<ProviderInstance> builtIn() {
        return builtIn.values();
    }

    /** The types whose built-in provider serves (its key is set). */
    public Set<ProviderType> enabled() {
        return enabled;
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
        builtIn.values().forEach(p -> p.placements().all().forEach(placement -> all.add(placement.key())));
        configured.forEach(p -> all.addAll(p.keys().secrets()));
        return all;
    }
}

package dev.onellmapi.reload;

import dev.onellmapi.model.ModelResolver;
import dev.onellmapi.model.ModelTarget;
import dev.onellmapi.model.ProviderType;
import dev.onellmapi.model.ProvidersConfig;
import dev.onellmapi.settings.ConfigurationError;
import dev.onellmapi.settings.GatewayConfig;
import dev.onellmapi.settings.KeysConfig;
import dev.onellmapi.usage.Prices;
import dev.onellmapi.wire.ApiError;
import org.apache.camel.spi.PropertiesComponent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The part of the configuration an operator may change while the gateway runs (CONFIG_RELOAD): the providers and
 * their keys, the aliases, MODEL_FALLBACKS, the prices. Immutable: read and validated whole, then swapped in at once
 * ({@link LiveConfig}); a request keeps the one it started with. Everything else of {@code config} is as read at start
 * (the server, the database, limits, the built-in providers' base URLs): only what is read from here changes.
 *
 * @param version  1 at start, one more for each edit taken
 * @param pricingFile PRICING_FILE as this configuration names it (watched for edits)
 */
public record ConfigSnapshot(long version, Instant loadedAt, GatewayConfig config, ProvidersConfig providers,
                             ModelResolver resolver, Map<String, List<ModelTarget>> fallbacks,
                             String pricingFile, Prices prices) {

    /**
     * Reads and validates it all, for the provider {@code types} the gateway has; a setting that cannot work is a
     * {@link ConfigurationError} naming it.
     */
    public static ConfigSnapshot read(PropertiesComponent properties, List<ProviderType> types, long version) {
        GatewayConfig config = GatewayConfig.read(properties);
        ProvidersConfig providers = ProvidersConfig.read(properties, types);
        ModelResolver resolver = new ModelResolver(config, providers);
        String pricingFile = KeysConfig.read(properties).pricingFile();
        return new ConfigSnapshot(version, Instant.now(), config, providers, resolver,
                resolveFallbacks(config, resolver), pricingFile, Prices.load(pricingFile));
    }

    /** The provider types that serve: a built-in provider with a key, or a configured one. */
    public Set<ProviderType> enabled() {
        return providers.enabled();
    }

    /** The models tried after {@code requested} fails (MODEL_FALLBACKS), in order; none when it has no list. */
    public List<ModelTarget> fallbacksOf(String requested) {
        return fallbacks.getOrDefault(requested, List.of());
    }

    /** Every key this configuration holds (the gateway's and the providers'): none may reach a client or a log. */
    public List<String> secrets() {
        List<String> all = new ArrayList<>(config.gatewayKeys());
        all.addAll(providers.secrets());
        return all;
    }

    /** MODEL_FALLBACKS resolved once per configuration: a name that reaches no model is refused here, not later. */
    public static Map<String, List<ModelTarget>> resolveFallbacks(GatewayConfig config, ModelResolver resolver) {
        Map<String, List<ModelTarget>> fallbacks = new HashMap<>();
        config.modelFallbacks().forEach((model, names) -> {
            List<ModelTarget> targets = new ArrayList<>();
            for (String name : names) {
                try {
                    targets.add(resolver.resolve(name));
                } catch (ApiError unknown) {
                    throw new ConfigurationError("MODEL_FALLBACKS", "'" + name + "' (a fallback of '" + model
                            + "'): " + unknown.getMessage());
                }
            }
            fallbacks.put(model, List.copyOf(targets));
        });
        return Map.copyOf(fallbacks);
    }
}

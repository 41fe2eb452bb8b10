package dev.onellmapi.model;

import dev.onellmapi.settings.ConfigurationError;
import dev.onellmapi.settings.GatewayConfig;
import dev.onellmapi.wire.ApiError;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves the request's {@code model} field, in this order: an alias ({@code gateway.aliases.<alias>}) is replaced
 * by its model; {@code <provider>/<model>} reaches that provider (configured or built-in, the prefix removed); a
 * model on a built-in provider's placements (an Azure deployment name) goes to its placement; the configured
 * providers' patterns (providers by name, each one's patterns in order), then the built-in patterns. Anything else is
 * a 404 {@code model_not_found} raised before any upstream call. A name that resolves to a built-in provider without a key is also a 404, saying which variable
 * would enable it. Only maps and string matching: no allocation but the target.
 */
public final class ModelResolver {
    /** The longest model name a request may send (a 400 naming {@code model} beyond). */
    public static final int MAX_NAME_CHARS = 256;

    private final int maxModels;
    private final ProvidersConfig providers;
    private final Map<String, ProviderInstance> byName = new HashMap<>();
    private final List<ProviderInstance> configured;
    private final Map<String, String> aliases;

    public ModelResolver(GatewayConfig config, ProvidersConfig providers) {
        this.maxModels = config.maxModelsPerRequest();
        this.providers = providers;
        providers.builtIn().forEach(p -> byName.put(p.name(), p));
        providers.configured().forEach(p -> byName.put(p.name(), p));
        this.configured = providers.configured();
        this.aliases = Map.copyOf(providers.aliases());
        aliases.forEach((alias, model) -> {
            try {
                resolveName(alias, model);
            } catch (ApiError nothing) {
                throw new ConfigurationError("gateway.aliases." + alias, "points at nothing: "
                        + nothing.getMessage());
            }
        });
    }

    /** Resolves every comma-separated name, all before anything is sent. */
    public List<ModelTarget> resolveAll(String modelField) {
        List<ModelTarget> targets = new ArrayList<>();
        for (String name : modelField.split(",", -1)) {
            String trimmed = name.trim();
            if (trimmed.isEmpty()) {
                throw ApiError.invalidRequest("'model' has an empty name in its comma-separated list", "model");
            }
            if (trimmed.length() > MAX_NAME_CHARS) { // longer than any provider's model id; it would end up in logs
                throw ApiError.invalidRequest("'model' names a model of " + trimmed.length() + " characters; at most "
                        + MAX_NAME_CHARS + " are allowed", "model");
            }
            targets.add(resolve(trimmed));
        }
        if (targets.size() > maxModels) {
            throw ApiError.invalidRequest("'model' names " + targets.size() + " models; at most " + maxModels
                    + " are allowed in one request (MAX_MODELS_PER_REQUEST)", "model");
        }
        return targets;
    }

    public ModelTarget resolve(String requested) {
        String aliased = aliases.get(requested);
        return resolveName(requested, aliased == null ? requested : aliased);
    }

    /** The aliases and what they stand for. */
    public Map<String, String> aliases() {
        return aliases;
    }

    public ProvidersConfig providers() {
        return providers;
    }

    private ModelTarget resolveName(String requested, String name) {
        int slash = name.indexOf('/');
        if (slash > 0) {
            ProviderInstance byPrefix = byName.get(name.substring(0, slash));
            if (byPrefix != null) {
                return target(byPrefix, requested, name.substring(slash + 1));
            }
        }
        for (ProviderInstance p : providers.builtIn()) {
            if (p.placements().owner(name) != null) {
                return target(p, requested, name);
            }
        }
        for (ProviderInstance p : configured) {
            if (p.serves(name)) {
                return target(p, requested, name);
            }
        }
        for (ProviderInstance p : providers.builtIn()) {
            if (p.serves(name)) {
                return target(p, requested, name);
            }
        }
        throw ApiError.modelNotFound("The model '" + requested + "' does not exist or is not served by this gateway");
    }

    private ModelTarget target(ProviderInstance instance, String requested, String model) {
        if (model.isEmpty()) {
            throw ApiError.modelNotFound("The model '" + requested + "' names no model after its prefix");
        }
        ProviderType type = instance.type();
        if (!instance.builtIn()) {
            return new ModelTarget(type, requested, model, null, instance, model);
        }
        if (type.deployments()) {
            Placement owner = instance.placements().owner(model);
            if (owner == null) {
                throw ApiError.modelNotFound("The model '" + requested
                        + "' is not a deployment listed in " + instance.placements().setting());
            }
            return new ModelTarget(type, requested, owner.models().get(model), owner, instance, model);
        }
        if (!providers.enabled().contains(type)) {
            throw ApiError.modelNotFound("The model '" + requested + "' belongs to provider '" + type.id()
                    + "', which is not enabled on this gateway (its API key is not set)");
        }
        return new ModelTarget(type, requested, model, null, instance, model);
    }
}

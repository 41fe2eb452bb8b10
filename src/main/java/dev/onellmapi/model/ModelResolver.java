package dev.onellmapi.model;

import dev.onellmapi.config.AzureResource;
import dev.onellmapi.config.GatewayConfig;
import dev.onellmapi.http.ApiError;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Resolves the request's {@code model} field, in the design's order: explicit prefix, Azure deployment name, name
 * pattern; anything else is a 404 {@code model_not_found} raised before any upstream call. A name that resolves to a
 * provider without a key is also a 404, saying which variable would enable it.
 */
public final class ModelResolver {
    private final Set<Provider> enabled;
    private final List<AzureResource> azure;
    private final int maxModels;

    public ModelResolver(GatewayConfig config, Set<Provider> enabled) {
        this.enabled = enabled.isEmpty() ? EnumSet.noneOf(Provider.class) : EnumSet.copyOf(enabled);
        this.azure = config.azureResources();
        this.maxModels = config.maxModelsPerRequest();
    }

    /** Resolves every comma-separated name, all before anything is sent. */
    public List<ModelTarget> resolveAll(String modelField) {
        List<ModelTarget> targets = new ArrayList<>();
        for (String name : modelField.split(",", -1)) {
            String trimmed = name.trim();
            if (trimmed.isEmpty()) {
                throw ApiError.invalidRequest("'model' has an empty name in its comma-separated list", "model");
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
        int slash = requested.indexOf('/');
        if (slash > 0) {
            Provider byPrefix = Provider.byPrefix(requested.substring(0, slash));
            if (byPrefix != null) {
                return target(byPrefix, requested, requested.substring(slash + 1));
            }
        }
        if (deploymentOwner(requested) != null) {
            return target(Provider.AZURE, requested, requested);
        }
        for (Provider p : Provider.values()) {
            if (p.matchesName(requested)) {
                return target(p, requested, requested);
            }
        }
        throw ApiError.modelNotFound("The model '" + requested + "' does not exist or is not served by this gateway");
    }

    private ModelTarget target(Provider provider, String requested, String model) {
        if (model.isEmpty()) {
            throw ApiError.modelNotFound("The model '" + requested + "' names no model after its prefix");
        }
        if (provider == Provider.AZURE) {
            AzureResource owner = deploymentOwner(model);
            if (owner == null) {
                throw ApiError.modelNotFound("The model '" + requested
                        + "' is not a deployment listed in AZURE_OPENAI_DEPLOYMENTS");
            }
            return new ModelTarget(provider, requested, owner.deployments().get(model), owner);
        }
        if (!enabled.contains(provider)) {
            throw ApiError.modelNotFound("The model '" + requested + "' belongs to provider '" + provider.id()
                    + "', which is not enabled on this gateway (its API key is not set)");
        }
        return new ModelTarget(provider, requested, model, null);
    }

    private AzureResource deploymentOwner(String model) {
        for (AzureResource r : azure) {
            if (r.deployments().containsKey(model)) {
                return r;
            }
        }
        return null;
    }
}

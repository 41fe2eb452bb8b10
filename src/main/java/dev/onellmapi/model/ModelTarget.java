package dev.onellmapi.model;

import dev.onellmapi.settings.AzureResource;

/**
 * Where one requested model goes: the provider's type, the name the client asked for, the name sent upstream (for
 * Azure: the deployment), for the built-in Azure the resource that holds it, the provider instance (its base, keys
 * and headers travel with the call) and the model's name once an alias and a {@code <provider>/} prefix are gone.
 */
public record ModelTarget(ProviderType provider, String requested, String upstreamModel, AzureResource azureResource,
                          ProviderInstance instance, String model) {
    /** A target without an instance (tests of the validation, which never call out). */
    public ModelTarget(ProviderType provider, String requested, String upstreamModel, AzureResource azureResource) {
        this(provider, requested, upstreamModel, azureResource, null, requested.startsWith(provider.id() + "/")
                ? requested.substring(provider.id().length() + 1) : requested);
    }

    /** The provider's name ({@code openai}, {@code groq}, ...), as messages and breakers name it. */
    public String getProvider() {
        return instance == null ? provider.id() : instance.name();
    }

    /** The name that selects a built-in Azure deployment: the model without alias or {@code azure/} prefix. */
    public String azureModelName() {
        return model;
    }

    /** The same Azure model on another resource that serves it; its deployment name there may differ. */
    public ModelTarget onAzureResource(AzureResource resource) {
        return new ModelTarget(provider, requested, resource.deployments().get(model), resource, instance, model);
    }
}

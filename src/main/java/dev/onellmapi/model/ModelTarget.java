package dev.onellmapi.model;

import dev.onellmapi.config.AzureResource;

/**
 * Where one requested model goes: the provider, the name the client asked for, the name sent upstream (for Azure:
 * the deployment) and, for Azure, the resource that holds it.
 */
public record ModelTarget(Provider provider, String requested, String upstreamModel, AzureResource azureResource) {
    public String getProvider() {
        return provider.id();
    }

    /** The name that selects an Azure deployment: the requested name without its {@code azure/} prefix. */
    public String azureModelName() {
        String prefix = Provider.AZURE.id() + "/";
        return requested.startsWith(prefix) ? requested.substring(prefix.length()) : requested;
    }

    /** The same Azure model on another resource that serves it; its deployment name there may differ. */
    public ModelTarget onAzureResource(AzureResource resource) {
        return new ModelTarget(provider, requested, resource.deployments().get(azureModelName()), resource);
    }
}

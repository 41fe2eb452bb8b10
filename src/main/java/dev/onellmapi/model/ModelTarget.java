package dev.onellmapi.model;

import dev.onellmapi.config.AzureResource;

/**
 * Where one requested model goes: the provider, the name the client asked for, the name sent upstream (for Azure:
 * the deployment) and, for Azure, the resource that holds it.
 */
public record ModelTarget(Provider provider, String requested, String upstreamModel, AzureResource azureResource) {
    public String getProvider() {
        return provider.id(); // read by the router's simple expressions
    }
}

package dev.onellmapi.settings;

import java.util.Map;

/**
 * One Azure OpenAI resource: its name (the {resource} of the endpoint), its key, and its deployments keyed by the
 * model name clients send (equal to the deployment name unless an alias {@code model=deployment} was configured).
 */
public record AzureResource(String name, String apiKey, String endpoint, Map<String, String> deployments) {
    @Override
    public String toString() {
        return "AzureResource[" + name + ", deployments=" + deployments.keySet() + "]"; // never the key
    }
}

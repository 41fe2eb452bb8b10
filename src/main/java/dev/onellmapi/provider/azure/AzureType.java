package dev.onellmapi.provider.azure;

import dev.onellmapi.model.ProviderType;
import dev.onellmapi.settings.GatewayConfig;
import dev.onellmapi.settings.Settings;

import java.util.List;
import java.util.Map;

/**
 * Azure OpenAI: OpenAI's body to a deployment. The built-in one's models are the deployments of its resources
 * (AZURE_OPENAI_API_KEYS, AZURE_OPENAI_DEPLOYMENTS, read with the resources' breakers and balancing in
 * {@code settings.GatewayConfig}); it has no name patterns and no model list to read.
 */
public final class AzureType implements ProviderType {
    @Override
    public String id() {
        return "azure";
    }

    @Override
    public List<String> namePatterns() {
        return List.of();
    }

    @Override
    public Map<String, String> auth(String key) {
        return key.isEmpty() ? Map.of() : Map.of("api-key", key);
    }

    /** No base or key of its own: each resource has both. */
    @Override
    public BuiltIn builtIn(Settings settings) {
        return new BuiltIn("", "", !GatewayConfig.splitList(settings.text("azure.api-keys", "AZURE_OPENAI_API_KEYS"),
                ";").isEmpty());
    }

    @Override
    public boolean readsFiles() {
        return true;
    }

    @Override
    public Beans beans(Settings settings, GatewayConfig config) {
        return new Beans(new AzureRequestMapper(config.azureApiVersion()), new AzureResponseMapper(), null);
    }

    @Override
    public boolean deployments() {
        return true;
    }

    @Override
    public String modelsTemplate() {
        return null;
    }
}

package dev.onellmapi.provider.azure;

import dev.onellmapi.model.Placement;
import dev.onellmapi.model.Placements;
import dev.onellmapi.model.ProviderType;
import dev.onellmapi.settings.ConfigurationError;
import dev.onellmapi.settings.GatewayConfig;
import dev.onellmapi.settings.Settings;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Azure OpenAI: OpenAI's body to a deployment. The built-in one's models are the deployments of its resources
 * (AZURE_OPENAI_API_KEYS, AZURE_OPENAI_DEPLOYMENTS), its placements, balanced with a breaker each; it has no name
 * patterns and no model list to read.
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
        String apiVersion = apiVersion(settings);
        List<Placement> resources = resources(settings.text("azure.api-keys", "AZURE_OPENAI_API_KEYS"),
                settings.text("azure.deployments", "AZURE_OPENAI_DEPLOYMENTS"),
                settings.baseUrl("azure.api-base", "AZURE_OPENAI_API_BASE"));
        if (!resources.isEmpty() && apiVersion.isEmpty()) {
            throw new ConfigurationError("AZURE_OPENAI_API_VERSION", "must not be empty when Azure is configured");
        }
        String responses = settings.text("azure.responses", "AZURE_OPENAI_RESPONSES");
        if (!responses.equals("true") && !responses.equals("false")) {
            throw new ConfigurationError("AZURE_OPENAI_RESPONSES", "'" + responses + "' is neither true nor false");
        }
        return new BuiltIn("", "", !resources.isEmpty(), new Placements(resources, "Azure resource",
                "AZURE_OPENAI_DEPLOYMENTS"), responses.equals("true"));
    }

    /** AZURE_OPENAI_API_KEYS=resA:keyA;resB:keyB with AZURE_OPENAI_DEPLOYMENTS=dep1,gpt-4o=dep2;dep3 (same order). */
    private List<Placement> resources(String keys, String deployments, String baseTemplate) {
        List<String> keyEntries = GatewayConfig.splitList(keys, ";");
        if (keyEntries.isEmpty()) {
            return List.of();
        }
        List<String> deploymentGroups = deployments.isEmpty() ? List.of() : Arrays.asList(deployments.split(";", -1));
        if (deploymentGroups.size() != keyEntries.size()) {
            throw new ConfigurationError("AZURE_OPENAI_DEPLOYMENTS", "has " + deploymentGroups.size()
                    + " ';'-separated group(s) but AZURE_OPENAI_API_KEYS names " + keyEntries.size()
                    + " resource(s); give one group of deployments per resource, in the same order");
        }
        List<Placement> resources = new ArrayList<>();
        for (int i = 0; i < keyEntries.size(); i++) {
            String entry = keyEntries.get(i);
            int colon = entry.indexOf(':');
            if (colon <= 0 || colon == entry.length() - 1) {
                throw new ConfigurationError("AZURE_OPENAI_API_KEYS",
                        "entry " + (i + 1) + " is not 'resource:key' (entries are separated by ';')");
            }
            String name = entry.substring(0, colon).trim();
            Map<String, String> byModel = new LinkedHashMap<>();
            for (String dep : GatewayConfig.splitList(deploymentGroups.get(i), ",")) {
                int eq = dep.indexOf('=');
                String model = eq < 0 ? dep : dep.substring(0, eq).trim();
                String deployment = eq < 0 ? dep : dep.substring(eq + 1).trim();
                if (model.isEmpty() || deployment.isEmpty()) {
                    throw new ConfigurationError("AZURE_OPENAI_DEPLOYMENTS",
                            "'" + dep + "' in group " + (i + 1) + " is not 'deployment' or 'model=deployment'");
                }
                byModel.put(model, deployment);
            }
            if (byModel.isEmpty()) {
                throw new ConfigurationError("AZURE_OPENAI_DEPLOYMENTS", "group " + (i + 1) + " (resource '" + name
                        + "') lists no deployment");
            }
            resources.add(new Placement(this, name, baseTemplate.replace("{resource}", name),
                    entry.substring(colon + 1).trim(), byModel));
        }
        return resources;
    }

    private static String apiVersion(Settings settings) {
        return settings.text("azure.api-version", "AZURE_OPENAI_API_VERSION");
    }

    @Override
    public boolean readsFiles() {
        return true;
    }

    @Override
    public Beans beans(Settings settings, GatewayConfig config) {
        return new Beans(new AzureRequestMapper(apiVersion(settings)), new AzureResponseMapper(), null);
    }

    @Override
    public boolean deployments() {
        return true;
    }

    /** Azure's v1 API: the resource's endpoint; the deployment goes as the body's model. */
    @Override
    public String responsesUrl(Placement placement) {
        return placement.base() + "/openai/v1/responses";
    }

    @Override
    public String modelsTemplate() {
        return null;
    }
}

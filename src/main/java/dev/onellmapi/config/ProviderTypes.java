package dev.onellmapi.config;

import dev.onellmapi.model.ProviderType;
import dev.onellmapi.provider.anthropic.AnthropicType;
import dev.onellmapi.provider.azure.AzureType;
import dev.onellmapi.provider.gemini.GeminiType;
import dev.onellmapi.provider.openai.OpenAiType;
import dev.onellmapi.provider.palm.PalmType;
import org.apache.camel.spi.RouteTemplateParameterSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The provider types the gateway speaks: a new one is its folder {@code provider/<name>/} and one line here. The
 * order is the order in which the built-in providers' name patterns are tried. As a
 * {@link RouteTemplateParameterSource} in the registry, Camel makes each type's routes from the templates of
 * routes/providers.yaml when it starts: {@code direct:<id>} (the call) and {@code direct:models-<id>} (its list).
 */
public final class ProviderTypes implements RouteTemplateParameterSource {
    public static final List<ProviderType> ALL = List.of(new OpenAiType(), new AzureType(), new AnthropicType(),
            new GeminiType(), new PalmType());

    private final Map<String, Map<String, Object>> routes = new LinkedHashMap<>();

    ProviderTypes(List<ProviderType> types) {
        for (ProviderType type : types) {
            routes.put(type.id(), Map.of(TEMPLATE_ID, "provider", "type", type.id()));
            if (type.modelsTemplate() != null) {
                routes.put("models-" + type.id(), Map.of(TEMPLATE_ID, type.modelsTemplate(), "type", type.id()));
            }
        }
    }

    @Override
    public Map<String, Object> parameters(String routeId) {
        return routes.get(routeId);
    }

    @Override
    public Set<String> routeIds() {
        return routes.keySet();
    }
}

package dev.onellmapi.catalog;

import io.vertx.core.buffer.Buffer;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.config.AzureResource;
import dev.onellmapi.config.GatewayConfig;
import dev.onellmapi.json.Json;
import dev.onellmapi.model.Provider;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /v1/models}: each enabled provider's own list, fetched through its {@code direct:models-<provider>}
 * route and kept for MODELS_CACHE_SECONDS, plus the configured Azure deployments, in OpenAI's list format. A provider
 * whose list cannot be fetched is left out (its last good list is served if there is one) rather than failing all.
 */
public final class ModelCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(ModelCatalog.class);

    private final CamelContext camel;
    private final ProducerTemplate template;
    private final Set<Provider> enabled;
    private final List<AzureResource> azure;
    private final long ttlMillis;
    private final Map<Provider, Cached> cache = new EnumMap<>(Provider.class);

    private record Cached(List<ObjectNode> models, long fetchedAt) {
    }

    public ModelCatalog(CamelContext camel, GatewayConfig config, Set<Provider> enabled) {
        this.camel = camel;
        this.template = camel.createProducerTemplate();
        this.enabled = enabled;
        this.azure = config.azureResources();
        this.ttlMillis = config.modelsCacheSeconds() * 1000L;
    }

    public void list(Exchange exchange) {
        ObjectNode list = Json.object();
        list.put("object", "list");
        ArrayNode data = list.putArray("data");
        Set<String> seen = new LinkedHashSet<>();
        for (Provider provider : enabled) {
            for (ObjectNode model : models(provider)) {
                if (seen.add(model.path("id").asText())) {
                    data.add(model);
                }
            }
        }
        for (AzureResource resource : azure) {
            for (String name : resource.deployments().keySet()) {
                if (seen.add(name)) {
                    data.add(entry(name, "azure:" + resource.name()));
                }
            }
        }
        exchange.getMessage().getHeaders().clear();
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(Buffer.buffer(Json.bytes(list)));
    }

    public static ObjectNode entry(String id, String ownedBy) {
        ObjectNode model = Json.object();
        model.put("id", id);
        model.put("object", "model");
        model.put("created", 0);
        model.put("owned_by", ownedBy);
        return model;
    }

    @SuppressWarnings("unchecked")
    private List<ObjectNode> models(Provider provider) {
        String routeId = "models-" + provider.id();
        if (camel.getRoute(routeId) == null) {
            return List.of();
        }
        long now = System.currentTimeMillis();
        Cached cached;
        synchronized (cache) {
            cached = cache.get(provider);
        }
        if (cached != null && now - cached.fetchedAt() < ttlMillis) {
            return cached.models();
        }
        try {
            List<ObjectNode> models = template.requestBody("direct:" + routeId, null, List.class);
            synchronized (cache) {
                cache.put(provider, new Cached(models, now));
            }
            return models;
        } catch (RuntimeException e) {
            LOG.warn("Could not list the models of {}: {}", provider.id(), e.getClass().getSimpleName());
            return cached == null ? List.of() : cached.models();
        }
    }
}

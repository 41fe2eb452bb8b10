package dev.onellmapi.catalog;

import dev.onellmapi.request.RequestContext;
import io.vertx.core.buffer.Buffer;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.settings.GatewayConfig;
import dev.onellmapi.wire.Json;
import dev.onellmapi.model.ModelResolver;
import dev.onellmapi.model.Placement;
import dev.onellmapi.reload.ConfigSnapshot;
import dev.onellmapi.reload.LiveConfig;
import dev.onellmapi.model.ProviderInstance;
import dev.onellmapi.model.ProviderType;
import dev.onellmapi.provider.ModelListReader;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /v1/models}: each enabled provider's own list, fetched through its {@code direct:models-<provider>}
 * route and kept for MODELS_CACHE_SECONDS, plus the models of the built-in providers' placements (the configured
 * Azure deployments, owned by {@code azure:<resource>}), in OpenAI's list format. A provider whose list cannot be
 * fetched is left out (its last good list is served if there is one) rather than failing all.
 */
public final class ModelCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(ModelCatalog.class);

    private final CamelContext camel;
    private final ProducerTemplate template;
    private final long ttlMillis;
    private final Map<String, Cached> cache = new HashMap<>();
    private final LiveConfig live;

    private record Cached(List<ObjectNode> models, long fetchedAt) {
    }

    /** The providers and aliases of the configuration in force (CONFIG_RELOAD: the list follows an edit). */
    public ModelCatalog(CamelContext camel, GatewayConfig config, LiveConfig live) {
        this.live = live;
        this.camel = camel;
        this.template = camel.createProducerTemplate();
        this.ttlMillis = config.modelsCacheSeconds() * 1000L;
    }

    public void list(Exchange exchange) {
        ConfigSnapshot now = RequestContext.of(exchange).config(live);
        ModelResolver resolver = now.resolver();
        ObjectNode list = Json.object();
        list.put("object", "list");
        ArrayNode data = list.putArray("data");
        Set<String> seen = new LinkedHashSet<>();
        for (ProviderType provider : now.enabled()) {
            for (ObjectNode model : models(resolver.providers().builtIn(provider))) {
                if (seen.add(model.path("id").asText())) {
                    data.add(model);
                }
            }
        }
        for (ProviderType provider : now.enabled()) {
            for (Placement placement : resolver.providers().builtIn(provider).placements().all()) {
                for (String name : placement.models().keySet()) {
                    if (seen.add(name)) {
                        data.add(entry(name, placement.breakerName()));
                    }
                }
            }
        }
        for (ProviderInstance provider : resolver.providers().configured()) {
            for (ObjectNode model : configuredModels(provider)) {
                if (seen.add(model.path("id").asText())) {
                    data.add(model);
                }
            }
        }
        resolver.aliases().forEach((alias, model) -> {
            if (seen.add(alias)) {
                data.add(entry(alias, resolver.resolve(alias).getProvider()));
            }
        });
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

    /**
     * A configured provider's own list (an Azure-style one: the exact names of its {@code models}), each model under
     * the name that reaches it: its own when the provider's patterns serve it, else {@code <provider>/<model>}.
     */
    private List<ObjectNode> configuredModels(ProviderInstance provider) {
        List<ObjectNode> out = new ArrayList<>();
        if (provider.type().deployments()) {
            provider.patterns().stream().filter(ProviderInstance::isExactName)
                    .forEach(name -> out.add(entry(name, provider.name())));
            return out;
        }
        for (ObjectNode model : models(provider)) {
            String id = model.path("id").asText();
            ObjectNode copy = model.deepCopy();
            copy.put("id", provider.serves(id) ? id : provider.name() + "/" + id);
            copy.put("owned_by", provider.name());
            out.add(copy);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private List<ObjectNode> models(ProviderInstance provider) {
        String routeId = "models-" + provider.type().id();
        if (camel.getRoute(routeId) == null) {
            return List.of();
        }
        long now = System.currentTimeMillis();
        Cached cached;
        synchronized (cache) {
            cached = cache.get(provider.name());
        }
        if (cached != null && now - cached.fetchedAt() < ttlMillis) {
            return cached.models();
        }
        try {
            Exchange answer = template.request("direct:" + routeId,
                    ask -> ask.setProperty(ModelListReader.INSTANCE, provider));
            if (answer.getException() != null) {
                throw answer.getException();
            }
            List<ObjectNode> models = answer.getMessage().getBody(List.class);
            models = models == null ? List.of() : models;
            synchronized (cache) {
                cache.put(provider.name(), new Cached(models, now));
            }
            return models;
        } catch (Exception e) {
            LOG.warn("Could not list the models of {}: {}", provider.name(), e.getClass().getSimpleName());
            return cached == null ? List.of() : cached.models();
        }
    }
}

package dev.onellmapi.config;

import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.ModelLifecycleStrategy;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.spi.ResourceReload;
import org.apache.camel.spi.ResourceReloadStrategy;
import org.apache.camel.spi.RouteTemplateParameterSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ROUTES_RELOAD for routes/providers.yaml: Camel's route watcher replaces the templates of an edited file but keeps
 * the routes made from them. Once it has loaded the file, each provider route of a replaced template is made again
 * from the new one (a call under way ends on the route it began on, as Camel stops a route gracefully). At start the templates' routes come from
 * {@link ProviderTypes}, a {@link RouteTemplateParameterSource}.
 */
final class ProviderRoutesReload implements ModelLifecycleStrategy, StartupListener {
    private static final Logger LOG = LoggerFactory.getLogger(ProviderRoutesReload.class);
    private final ModelCamelContext camel;
    private final ProviderTypes types;
    private final Map<String, RouteTemplateDefinition> replaced = new ConcurrentHashMap<>();
    private volatile boolean started;

    private ProviderRoutesReload(ModelCamelContext camel, ProviderTypes types) {
        this.camel = camel;
        this.types = types;
    }

    static void install(CamelContext camel, ProviderTypes types) throws Exception {
        ModelCamelContext model = (ModelCamelContext) camel;
        ProviderRoutesReload reload = new ProviderRoutesReload(model, types);
        model.addModelLifecycleStrategy(reload);
        camel.addStartupListener(reload);
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        // the watcher (only with ROUTES_RELOAD) has set its own reload by now: ours runs after it
        ResourceReloadStrategy watcher = context.hasService(ResourceReloadStrategy.class);
        if (watcher != null && watcher.getResourceReload() != null) {
            ResourceReload loads = watcher.getResourceReload();
            watcher.setResourceReload((name, resource) -> {
                loads.onReload(name, resource);
                rebuild();
            });
        }
        started = true;
    }

    @Override
    public void onAddRouteTemplateDefinition(RouteTemplateDefinition template) {
        if (started) {
            replaced.put(template.getId(), template);
        }
    }

    private void rebuild() throws Exception {
        // the watcher adds the edited file's templates beside the old ones, and a lookup by id finds the old
        for (RouteTemplateDefinition template : List.copyOf(camel.getRouteTemplateDefinitions())) {
            RouteTemplateDefinition edited = replaced.get(template.getId());
            if (edited != null && edited != template) {
                camel.removeRouteTemplateDefinition(template);
            }
        }
        for (String routeId : types.routeIds()) {
            Map<String, Object> parameters = new HashMap<>(types.parameters(routeId));
            String template = (String) parameters.remove(RouteTemplateParameterSource.TEMPLATE_ID);
            if (replaced.containsKey(template)) {
                try {
                    camel.getRouteController().stopRoute(routeId);
                    camel.removeRoute(routeId);
                    camel.addRouteFromTemplate(routeId, template, parameters);
                    LOG.info("Route {} made again from the edited template {}", routeId, template);
                } catch (Exception e) {
                    LOG.warn("Route {} could not be made from the edited template {}: {}", routeId, template,
                            e.toString());
                }
            }
        }
        replaced.clear();
    }

    @Override
    public void onAddRouteDefinition(RouteDefinition route) {
    }

    @Override
    public void onRemoveRouteDefinition(RouteDefinition route) {
    }

    @Override
    public void onRemoveRouteTemplateDefinition(RouteTemplateDefinition template) {
    }
}

package dev.onellmapi.config;

import dev.onellmapi.model.ProvidersConfig;
import dev.onellmapi.settings.GatewayConfig;
import dev.onellmapi.settings.GatewayDefaults;
import dev.onellmapi.frontdoor.messages.MessagesDoor;
import dev.onellmapi.catalog.ModelCatalog;
import dev.onellmapi.frontdoor.chat.ChatRequestReader;
import dev.onellmapi.frontdoor.chat.ClientResponder;
import dev.onellmapi.frontdoor.chat.ErrorResponder;
import dev.onellmapi.server.RequestThreads;
import dev.onellmapi.wire.SecretRedactor;
import dev.onellmapi.frontdoor.route.RouteCallerAuth;
import dev.onellmapi.frontdoor.route.RouteChatComponent;
import dev.onellmapi.accounting.GatewayAuth;
import dev.onellmapi.reload.ConfigReload;
import dev.onellmapi.reload.ConfigSnapshot;
import dev.onellmapi.reload.LiveConfig;
import dev.onellmapi.model.ProviderType;
import dev.onellmapi.observe.GenAiMetrics;
import dev.onellmapi.resilience.ProviderHealthChecks;
import dev.onellmapi.provider.ModelListHttp;
import dev.onellmapi.provider.UpstreamClient;
import dev.onellmapi.resilience.CircuitBreakers;
import dev.onellmapi.server.GatewayHttpEngine;
import dev.onellmapi.server.GatewayHttpServer;
import dev.onellmapi.resilience.ModelFallbacks;
import dev.onellmapi.resilience.UpstreamFailure;
import dev.onellmapi.resilience.UpstreamRetries;
import dev.onellmapi.streaming.GracefulShutdown;
import dev.onellmapi.streaming.StreamRelay;
import dev.onellmapi.streaming.StreamWatchdog;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import dev.onellmapi.frontdoor.responses.ResponsesDoor;
import dev.onellmapi.settings.ResponsesConfig;
import dev.onellmapi.frontdoor.responses.ResponsesPassThroughCall;
import dev.onellmapi.frontdoor.responses.StoredResponses;
import dev.onellmapi.settings.Settings;
import dev.onellmapi.store.Database;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;

/**
 * Reads and validates the configuration once, then binds the beans the YAML routes name ({@code bean: {ref: ...}}),
 * and the request path's steps ({@code process: {ref: <bean>.<method>}}, {@link RouteSteps}).
 * Nothing here runs per request.
 */
public final class GatewayBeans implements CamelConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayBeans.class);

    @Override
    public void configure(CamelContext camel) throws Exception {
        GatewayDefaults.apply(camel);
        ProviderTypes.ALL.forEach(type -> GatewayDefaults.apply(camel, type.defaults()));
        // what an operator may change while the gateway runs (CONFIG_RELOAD) is read as one snapshot
        ConfigSnapshot settings = ConfigSnapshot.read(camel.getPropertiesComponent(), ProviderTypes.ALL, 1);
        GatewayConfig config = settings.config();
        if (config.generatedKey()) {
            // printed once, to the console only: the operator needs it to call the gateway at all
            System.out.println("one-llm-api: ONE_API_KEY is not set; this run accepts the generated key "
                    + config.gatewayKeys().get(0));
        }
        SecretRedactor.register(settings.secrets());
        ProvidersConfig providers = settings.providers();
        logProviders(providers.types(), providers.enabled());
        LiveConfig live = new LiveConfig(settings);
        ConfigReload.install(camel, live);
        // camel-http makes the model-list calls (chat calls go through UpstreamClient, below)
        camel.addComponent(ModelListHttp.NAME, ModelListHttp.create(config.connectTimeoutSeconds(),
                config.upstreamTimeoutSeconds(), config.upstreamMaxConnections(), config.upstreamConnectionsPerHost()));
        Registry registry = camel.getRegistry();
        registry.bind("gatewayConfig", config);
        RequestThreads requestThreads = new RequestThreads(camel, config.workerPoolSize());
        camel.addService(requestThreads);
        registry.bind("requestPool", requestThreads.blocking());
        registry.bind("upstreamClient", new UpstreamClient(requestThreads.vertx(), config.connectTimeoutSeconds(),
                config.upstreamTimeoutSeconds(), config.upstreamConnectionsPerHost(), config.maxResponseBytes()));
        registry.bind("fanOutPool", fanOutPool(camel));
        StreamWatchdog watchdog = new StreamWatchdog(camel, config.streamIdleSeconds(), config.streamPingSeconds());
        GenAiMetrics metrics = new GenAiMetrics(camel, watchdog::openStreams, config.metricsMaxModels());
        GatewayAuth auth = KeysBeans.bind(camel, config, live, requestThreads.vertx(), metrics); // + keys, usage
        RouteSteps.bind(registry, "gatewayAuth", auth);
        // the Kamelet one-llm-api-chat's endpoint (routes/route-chat.yaml): model calls from the host's routes
        RouteSteps.bind(registry, "routeCallerAuth", new RouteCallerAuth(auth));
        camel.addComponent(RouteChatComponent.NAME, new RouteChatComponent());
        camel.addService(watchdog);
        registry.bind("streamWatchdog", watchdog);
        camel.addComponent("gateway-http", gatewayHttp(camel, config, requestThreads, watchdog));
        RouteSteps.bind(registry, "chatRequestReader", new ChatRequestReader(config, live, watchdog));
        Database database = registry.lookupByNameAndType("database", Database.class);
        ResponsesConfig responses = ResponsesConfig.read(camel.getPropertiesComponent());
        ResponsesDoor responsesDoor = new ResponsesDoor(live, watchdog, new StoredResponses(database::dataSource),
                config.maxBodyBytes(), responses);
        RouteSteps.bind(registry, "responsesDoor", responsesDoor);
        RouteSteps.bind(registry, "responsesPassThroughCall", new ResponsesPassThroughCall(responsesDoor));
        registry.bind("streamRelay", new StreamRelay(watchdog, config.maxResponseBytes()));
        RouteSteps.bind(registry, "clientResponder", new ClientResponder());
        RouteSteps.bind(registry, "messagesDoor", new MessagesDoor(live, watchdog, config.maxBodyBytes()));
        RouteSteps.bind(registry, "errorResponder", new ErrorResponder());
        RouteSteps.bind(registry, "upstreamFailure", new UpstreamFailure());
        RouteSteps.bind(registry, "upstreamRetries", new UpstreamRetries(config, metrics));
        RouteSteps.bind(registry, "modelFallbacks", new ModelFallbacks(live, metrics));
        CircuitBreakers breakers = new CircuitBreakers(config);
        RouteSteps.bind(registry, "circuitBreakers", breakers);
        ProviderHealthChecks.register(camel, providers, breakers);
        registry.bind("modelCatalog", new ModelCatalog(camel, config, live));
        ProviderTypes routes = bindProviderTypes(registry, new Settings(camel.getPropertiesComponent()), config,
                providers.types());
        ProviderRoutesReload.install(camel, routes);
    }

    /** Each type's beans, named as routes/providers.yaml's templates call them, and its routes from the templates. */
    private static ProviderTypes bindProviderTypes(Registry registry, Settings settings, GatewayConfig config,
                                                   List<ProviderType> types) {
        for (ProviderType type : types) {
            ProviderType.Beans beans = type.beans(settings, config);
            RouteSteps.bind(registry, type.id() + "RequestMapper", beans.requestMapper());
            RouteSteps.bind(registry, type.id() + "ResponseMapper", beans.responseMapper());
            if (beans.models() != null) {
                registry.bind(type.id() + "Models", beans.models());
            }
        }
        ProviderTypes routes = new ProviderTypes(types);
        registry.bind("providerTypes", routes);
        return routes;
    }

    /**
     * The component of the gateway's endpoints ({@code gateway-http:/v1/chat/completions}): platform-http with the
     * gateway's engine, so its routes run on the event loop while the application's own {@code platform-http} routes
     * keep Camel's consumer.
     */
    private static PlatformHttpComponent gatewayHttp(CamelContext camel, GatewayConfig config,
                                                     RequestThreads threads, StreamWatchdog streams) {
        PlatformHttpComponent component = new PlatformHttpComponent(camel);
        component.setEngine(new GatewayHttpEngine(camel, config.server(),
                new GatewayHttpServer(camel, threads.vertx(), config.server()),
                () -> GracefulShutdown.endOpenStreams(camel, streams)));
        return component;
    }

    /** One line at start: which providers serve, and which do not for want of a key. */
    private static void logProviders(List<ProviderType> types, Set<ProviderType> enabled) {
        List<String> on = new ArrayList<>();
        List<String> off = new ArrayList<>();
        for (ProviderType provider : types) {
            (enabled.contains(provider) ? on : off).add(provider.id());
        }
        LOG.info("one-llm-api: providers enabled: {}; not enabled (no key): {}", on.isEmpty() ? "none" : on,
                off.isEmpty() ? "none" : off);
    }

    /**
     * The splitter's threads for multi-model requests: each sends one model's call and is free again (the answer
     * comes back on an event loop). Cached, so models never queue behind each other.
     */
    private static ExecutorService fanOutPool(CamelContext camel) {
        return camel.getExecutorServiceManager().newCachedThreadPool(GatewayBeans.class, "fan-out");
    }
}

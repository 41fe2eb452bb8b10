package dev.onellmapi.config;

import dev.onellmapi.catalog.ModelCatalog;
import dev.onellmapi.http.ChatRequestReader;
import dev.onellmapi.http.ClientResponder;
import dev.onellmapi.http.ErrorResponder;
import dev.onellmapi.http.GatewayAuth;
import dev.onellmapi.http.RequestThreads;
import dev.onellmapi.http.SecretRedactor;
import dev.onellmapi.model.ModelResolver;
import dev.onellmapi.model.Provider;
import dev.onellmapi.provider.UnknownProvider;
import dev.onellmapi.provider.UpstreamClient;
import dev.onellmapi.provider.anthropic.AnthropicModels;
import dev.onellmapi.provider.anthropic.AnthropicRequestMapper;
import dev.onellmapi.provider.anthropic.AnthropicResponseMapper;
import dev.onellmapi.provider.azure.AzureRequestMapper;
import dev.onellmapi.provider.azure.AzureResponseMapper;
import dev.onellmapi.provider.gemini.GeminiModels;
import dev.onellmapi.provider.gemini.GeminiRequestMapper;
import dev.onellmapi.provider.gemini.GeminiResponseMapper;
import dev.onellmapi.provider.openai.OpenAiModels;
import dev.onellmapi.provider.openai.OpenAiRequestMapper;
import dev.onellmapi.provider.openai.OpenAiResponseMapper;
import dev.onellmapi.provider.palm.PalmModels;
import dev.onellmapi.provider.palm.PalmRequestMapper;
import dev.onellmapi.provider.palm.PalmResponseMapper;
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
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.spi.Registry;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.socket.ConnectionSocketFactory;
import org.apache.hc.client5.http.socket.PlainConnectionSocketFactory;
import org.apache.hc.client5.http.ssl.SSLConnectionSocketFactory;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.util.TimeValue;

import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;

/**
 * Reads and validates the configuration once, then binds the beans the YAML routes name ({@code bean: {ref: ...}}).
 * Nothing here runs per request.
 */
public final class GatewayBeans implements CamelConfiguration {
    @Override
    public void configure(CamelContext camel) throws Exception {
        GatewayConfig config = GatewayConfig.read(camel.getPropertiesComponent());
        if (config.generatedKey()) {
            // printed once, to the console only: the operator needs it to call the gateway at all
            System.out.println("one-llm-api: ONE_API_KEY is not set; this run accepts the generated key "
                    + config.gatewayKeys().get(0));
        }
        SecretRedactor.register(config.secrets());
        ProvidersConfig providers = ProvidersConfig.read(camel.getPropertiesComponent(), config);
        SecretRedactor.register(providers.secrets());
        Set<Provider> enabled = enabledProviders(config);
        ModelResolver resolver = new ModelResolver(config, enabled, providers);
        // camel-http makes the model-list calls (chat calls go through UpstreamClient, below)
        HttpComponent http = camel.getComponent("http", HttpComponent.class);
        http.setConnectTimeout(config.connectTimeoutSeconds() * 1000L);
        http.setResponseTimeout(config.upstreamTimeoutSeconds() * 1000L);
        // HttpClient would otherwise sleep out a 429/503's Retry-After and send again; the client decides instead.
        // The rest are exec-chain steps the gateway never needs, each one work on every call: no cookie store (its
        // lock is shared by every request), no redirects, no gzip (answers are small; no decompressing wrapper around
        // each body and stream), no auth cache or connection state (keys travel as headers, never as HTTP auth).
        http.setHttpClientConfigurer(builder -> builder.disableAutomaticRetries().disableCookieManagement()
                .disableRedirectHandling().disableContentCompression().disableAuthCaching().disableConnectionState());
        http.setClientConnectionManager(sharedConnectionPool(camel));
        Registry registry = camel.getRegistry();
        registry.bind("gatewayConfig", config);
        RequestThreads requestThreads = new RequestThreads(camel, config.workerPoolSize());
        camel.addService(requestThreads);
        registry.bind("requestPool", requestThreads.blocking());
        camel.addComponent("gateway-http", gatewayHttp(camel, config, requestThreads));
        registry.bind("upstreamClient", new UpstreamClient(requestThreads.vertx(), config.connectTimeoutSeconds(),
                config.upstreamTimeoutSeconds(), intProperty(camel, "camel.component.http.connections-per-route",
                2048), config.maxResponseBytes()));
        registry.bind("fanOutPool", fanOutPool(camel));
        registry.bind("gatewayAuth", new GatewayAuth(config));
        StreamWatchdog watchdog = new StreamWatchdog(camel, config.streamIdleSeconds(), config.streamPingSeconds());
        camel.addService(watchdog);
        registry.bind("streamWatchdog", watchdog);
        GracefulShutdown.install(camel, watchdog); // streams still open when SHUTDOWN_GRACE_SECONDS is up
        registry.bind("chatRequestReader", new ChatRequestReader(config, resolver, watchdog));
        registry.bind("streamRelay", new StreamRelay(watchdog, config.maxResponseBytes()));
        registry.bind("clientResponder", new ClientResponder());
        registry.bind("errorResponder", new ErrorResponder());
        registry.bind("upstreamFailure", new UpstreamFailure());
        registry.bind("upstreamRetries", new UpstreamRetries(config));
        registry.bind("modelFallbacks", new ModelFallbacks(config, resolver));
        registry.bind("circuitBreakers", new CircuitBreakers(config));
        registry.bind("unknownProvider", new UnknownProvider());
        registry.bind("modelCatalog", new ModelCatalog(camel, config, enabled, resolver));
        registry.bind("openAiRequestMapper", new OpenAiRequestMapper(config));
        registry.bind("openAiResponseMapper", new OpenAiResponseMapper());
        registry.bind("openAiModels", new OpenAiModels(config));
        registry.bind("azureRequestMapper", new AzureRequestMapper(config));
        registry.bind("azureResponseMapper", new AzureResponseMapper());
        registry.bind("anthropicRequestMapper", new AnthropicRequestMapper(config));
        registry.bind("anthropicResponseMapper", new AnthropicResponseMapper());
        registry.bind("anthropicModels", new AnthropicModels(config));
        registry.bind("geminiRequestMapper", new GeminiRequestMapper(config));
        registry.bind("geminiResponseMapper", new GeminiResponseMapper());
        registry.bind("geminiModels", new GeminiModels(config));
        registry.bind("palmRequestMapper", new PalmRequestMapper(config));
        registry.bind("palmResponseMapper", new PalmResponseMapper());
        registry.bind("palmModels", new PalmModels(config));
    }

    /**
     * The component of the gateway's endpoints ({@code gateway-http:/v1/chat/completions}): platform-http with the
     * gateway's engine, so its routes run on the event loop while the application's own {@code platform-http} routes
     * keep Camel's consumer.
     */
    private static PlatformHttpComponent gatewayHttp(CamelContext camel, GatewayConfig config,
                                                     RequestThreads threads) {
        PlatformHttpComponent component = new PlatformHttpComponent(camel);
        component.setEngine(new GatewayHttpEngine(camel, config.server(),
                new GatewayHttpServer(camel, threads.vertx(), config.server())));
        return component;
    }

    static Set<Provider> enabledProviders(GatewayConfig config) {
        Set<Provider> enabled = EnumSet.noneOf(Provider.class);
        if (config.openAiEnabled()) {
            enabled.add(Provider.OPENAI);
        }
        if (!config.azureResources().isEmpty()) {
            enabled.add(Provider.AZURE);
        }
        if (!config.anthropicKey().isEmpty()) {
            enabled.add(Provider.ANTHROPIC);
        }
        if (!config.geminiKey().isEmpty()) {
            enabled.add(Provider.GEMINI);
        }
        if (!config.palmKey().isEmpty()) {
            enabled.add(Provider.PALM);
        }
        return enabled;
    }

    /**
     * One connection pool for every model-list endpoint. Without it camel-http gives each {@code http://} endpoint of
     * the routes its own pool and its own TLS context, built while the routes start. LAX: per-route pools without the
     * one pool-wide lock every lease and release takes; it enforces the limit per route (per provider host), not the
     * total one.
     */
    private static PoolingHttpClientConnectionManager sharedConnectionPool(CamelContext camel) {
        PoolingHttpClientConnectionManager pool = new PoolingHttpClientConnectionManager(
                RegistryBuilder.<ConnectionSocketFactory>create()
                        .register("http", PlainConnectionSocketFactory.getSocketFactory())
                        .register("https", SSLConnectionSocketFactory.getSocketFactory())
                        .build(),
                PoolConcurrencyPolicy.LAX, TimeValue.NEG_ONE_MILLISECOND, null);
        pool.setMaxTotal(intProperty(camel, "camel.component.http.max-total-connections", 4096));
        pool.setDefaultMaxPerRoute(intProperty(camel, "camel.component.http.connections-per-route", 2048));
        return pool;
    }

    private static int intProperty(CamelContext camel, String name, int fallback) {
        return camel.getPropertiesComponent().resolveProperty(name).map(Integer::parseInt).orElse(fallback);
    }

    /**
     * The splitter's threads for multi-model requests: each sends one model's call and is free again (the answer
     * comes back on an event loop). Cached, so models never queue behind each other.
     */
    private static ExecutorService fanOutPool(CamelContext camel) {
        return camel.getExecutorServiceManager().newCachedThreadPool(GatewayBeans.class, "fan-out");
    }
}

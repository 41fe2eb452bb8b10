package dev.onellmapi.settings;

import dev.onellmapi.settings.ServerSettings;
import org.apache.camel.spi.PropertiesComponent;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every setting of the gateway but the providers' (each provider type reads its own, model/ProvidersConfig the
 * configured providers), read once at start from application.properties (whose values come from the environment
 * variables of the design) and validated there, so a bad value stops the start with a clear message
 * instead of failing a request later.
 */
public final class GatewayConfig {
    private final List<String> gatewayKeys;
    private final boolean generatedKey;
    private final int maxBodyBytes;
    private final ServerSettings server;
    private final int modelsCacheSeconds;
    private final int maxModelsPerRequest;
    private final int metricsMaxModels;
    private final int workerPoolSize;
    private final int connectTimeoutSeconds;
    private final int upstreamTimeoutSeconds;
    private final int streamIdleSeconds;
    private final int streamPingSeconds;
    private final int maxResponseBytes;
    private final int upstreamConnectionsPerHost;
    private final int upstreamMaxConnections;
    private final int upstreamRetries;
    private final int retryDelayMillis;
    private final int retryAfterMaxSeconds;
    private final Map<String, List<String>> modelFallbacks;
    private final BreakerSettings breaker;

    private GatewayConfig(Settings s) {
        List<String> keys = splitList(s.text("gateway.api-keys", "ONE_API_KEY"), ",");
        generatedKey = keys.isEmpty();
        gatewayKeys = generatedKey ? List.of(randomKey()) : keys;
        maxBodyBytes = s.integer("gateway.max-body-bytes", "MAX_REQUEST_BODY_BYTES", 1024, Integer.MAX_VALUE);
        server = new ServerSettings(s.host("gateway.host", "HOST"), s.integer("gateway.port", "PORT", 1, 65535),
                maxBodyBytes,
                s.integer("gateway.client-read-timeout-seconds", "CLIENT_READ_TIMEOUT_SECONDS", 1, 3600),
                s.integer("gateway.client-idle-timeout-seconds", "CLIENT_IDLE_TIMEOUT_SECONDS", 1, 86_400),
                s.integerOrAuto("gateway.max-client-connections", "MAX_CLIENT_CONNECTIONS", 1, 10_000_000,
                        MachineLimits.clientConnections()));
        // the standalone application's (a host has its own shutdown timeout and management server): checked where set
        if (!s.text("gateway.shutdown-grace-seconds", "SHUTDOWN_GRACE_SECONDS").isEmpty()) {
            s.integer("gateway.shutdown-grace-seconds", "SHUTDOWN_GRACE_SECONDS", 0, 86_400);
        }
        if (!s.text("gateway.management-port", "MANAGEMENT_PORT").isEmpty()) {
            s.integer("gateway.management-port", "MANAGEMENT_PORT", 1, 65535);
        }
        if (!s.text("gateway.management-host", "MANAGEMENT_HOST").isEmpty()) {
            s.host("gateway.management-host", "MANAGEMENT_HOST");
        }
        modelsCacheSeconds = s.integer("gateway.models-cache-seconds", "MODELS_CACHE_SECONDS", 0, 86400);
        maxModelsPerRequest = s.integer("gateway.max-models-per-request", "MAX_MODELS_PER_REQUEST", 1, 64);
        metricsMaxModels = s.integer("gateway.metrics-max-models", "METRICS_MAX_MODELS", 1, 100_000);
        workerPoolSize = s.integer("gateway.worker-pool-size", "WORKER_POOL_SIZE", 4, 100_000);
        connectTimeoutSeconds = s.integer("gateway.upstream-connect-timeout-seconds",
                "UPSTREAM_CONNECT_TIMEOUT_SECONDS", 1, 3600);
        upstreamTimeoutSeconds = s.integer("gateway.upstream-timeout-seconds", "UPSTREAM_TIMEOUT_SECONDS", 1, 86400);
        streamIdleSeconds = s.integer("gateway.stream-idle-seconds", "UPSTREAM_STREAM_IDLE_SECONDS", 1, 86400);
        streamPingSeconds = s.integer("gateway.stream-ping-seconds", "STREAM_PING_SECONDS", 1, 3600);
        maxResponseBytes = s.integer("gateway.upstream-max-response-bytes", "UPSTREAM_MAX_RESPONSE_BYTES", 1024,
                Integer.MAX_VALUE - 8);
        upstreamConnectionsPerHost = s.integer("gateway.upstream-connections-per-host",
                "gateway.upstream-connections-per-host", 1, 1_000_000);
        upstreamMaxConnections = s.integer("gateway.upstream-max-connections", "gateway.upstream-max-connections", 1,
                1_000_000);
        upstreamRetries = s.integer("gateway.upstream-retries", "UPSTREAM_RETRIES", 0, 10);
        retryDelayMillis = s.integer("gateway.upstream-retry-delay-ms", "UPSTREAM_RETRY_DELAY_MS", 1, 60_000);
        retryAfterMaxSeconds = s.integer("gateway.upstream-retry-after-max-seconds",
                "UPSTREAM_RETRY_AFTER_MAX_SECONDS", 0, 3600);
        modelFallbacks = modelFallbacks(s.text("gateway.model-fallbacks", "MODEL_FALLBACKS"));
        breaker = new BreakerSettings(
                s.integer("gateway.breaker-failure-rate", "CIRCUIT_BREAKER_FAILURE_RATE", 1, 100),
                s.integer("gateway.breaker-window", "CIRCUIT_BREAKER_WINDOW", 1, 10_000),
                s.integer("gateway.breaker-min-calls", "CIRCUIT_BREAKER_MIN_CALLS", 1, 10_000),
                s.integer("gateway.breaker-open-seconds", "CIRCUIT_BREAKER_OPEN_SECONDS", 1, 86_400));
    }

    public static GatewayConfig read(PropertiesComponent properties) {
        return new GatewayConfig(new Settings(properties));
    }

    /** MODEL_FALLBACKS=gpt-4o=claude-3-5-sonnet-latest,gemini-1.5-pro;claude-3-haiku=gpt-4o-mini */
    static Map<String, List<String>> modelFallbacks(String value) {
        Map<String, List<String>> fallbacks = new LinkedHashMap<>();
        for (String entry : splitList(value, ";")) {
            int eq = entry.indexOf('=');
            List<String> next = eq < 0 ? List.of() : splitList(entry.substring(eq + 1), ",");
            String model = eq < 0 ? "" : entry.substring(0, eq).trim();
            if (model.isEmpty() || next.isEmpty()) {
                throw new ConfigurationError("MODEL_FALLBACKS", "'" + entry
                        + "' is not 'model=fallback1,fallback2' (entries are separated by ';')");
            }
            if (fallbacks.put(model, List.copyOf(next)) != null) {
                throw new ConfigurationError("MODEL_FALLBACKS", "names '" + model + "' twice");
            }
        }
        return Collections.unmodifiableMap(fallbacks);
    }

    public static List<String> splitList(String value, String separator) {
        List<String> out = new ArrayList<>();
        for (String part : value.split(java.util.regex.Pattern.quote(separator))) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return out;
    }

    private static String randomKey() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return "sk-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public List<String> gatewayKeys() {
        return gatewayKeys;
    }

    public boolean generatedKey() {
        return generatedKey;
    }

    public ServerSettings server() {
        return server;
    }

    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    public int modelsCacheSeconds() {
        return modelsCacheSeconds;
    }

    public int maxModelsPerRequest() {
        return maxModelsPerRequest;
    }

    /** Distinct model names the metrics label; later new names are {@code other}. */
    public int metricsMaxModels() {
        return metricsMaxModels;
    }

    /** Vert.x worker threads: each request in flight, a stream included, holds one while it runs. */
    public int workerPoolSize() {
        return workerPoolSize;
    }

    public int connectTimeoutSeconds() {
        return connectTimeoutSeconds;
    }

    public int upstreamTimeoutSeconds() {
        return upstreamTimeoutSeconds;
    }

    public int streamIdleSeconds() {
        return streamIdleSeconds;
    }

    public int streamPingSeconds() {
        return streamPingSeconds;
    }

    /** The most a provider may send as one answer, or as one event of a stream. */
    public int maxResponseBytes() {
        return maxResponseBytes;
    }

    /** Connections to one provider host (chat calls and model lists). */
    public int upstreamConnectionsPerHost() {
        return upstreamConnectionsPerHost;
    }

    /** Connections for the model lists, all hosts together. */
    public int upstreamMaxConnections() {
        return upstreamMaxConnections;
    }

    /** Extra attempts after a connect failure or a 429/500/502/503/529, before anything reached the client. */
    public int upstreamRetries() {
        return upstreamRetries;
    }

    /** The first retry's delay; each next one doubles, with jitter. */
    public int retryDelayMillis() {
        return retryDelayMillis;
    }

    /** The longest Retry-After the gateway waits out itself; a longer one goes back to the client at once. */
    public int retryAfterMaxSeconds() {
        return retryAfterMaxSeconds;
    }

    /** Requested model name to the models tried, in order, when it still fails after its retries. */
    public Map<String, List<String>> modelFallbacks() {
        return modelFallbacks;
    }

    public BreakerSettings breaker() {
        return breaker;
    }
}

package dev.onellmapi.provider;

import org.apache.camel.component.http.HttpComponent;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.socket.ConnectionSocketFactory;
import org.apache.hc.client5.http.socket.PlainConnectionSocketFactory;
import org.apache.hc.client5.http.ssl.SSLConnectionSocketFactory;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.util.TimeValue;

/**
 * The camel-http component instance of the providers' model-list calls ({@code gateway-models-http://...} in the
 * routes): the gateway's own, so the application's {@code http} component keeps its own settings.
 */
public final class ModelListHttp {
    public static final String NAME = "gateway-models-http";

    private ModelListHttp() {
    }

    public static HttpComponent create(int connectTimeoutSeconds, int responseTimeoutSeconds, int maxConnections,
                                       int connectionsPerHost) {
        HttpComponent http = new HttpComponent();
        http.setConnectTimeout(connectTimeoutSeconds * 1000L);
        http.setResponseTimeout(responseTimeoutSeconds * 1000L);
        // HttpClient would otherwise sleep out a 429/503's Retry-After and send again; the client decides instead.
        // The rest are exec-chain steps the gateway never needs, each one work on every call: no cookie store (its
        // lock is shared by every request), no redirects, no gzip (answers are small; no decompressing wrapper around
        // each body), no auth cache or connection state (keys travel as headers, never as HTTP auth).
        http.setHttpClientConfigurer(builder -> builder.disableAutomaticRetries().disableCookieManagement()
                .disableRedirectHandling().disableContentCompression().disableAuthCaching().disableConnectionState());
        http.setClientConnectionManager(sharedConnectionPool(maxConnections, connectionsPerHost));
        return http;
    }

    /**
     * One connection pool for every model-list endpoint. Without it camel-http gives each endpoint of the routes its
     * own pool and its own TLS context, built while the routes start. LAX: per-route pools without the one pool-wide
     * lock every lease and release takes; it enforces the limit per route (per provider host), not the total one.
     */
    private static PoolingHttpClientConnectionManager sharedConnectionPool(int maxConnections, int perHost) {
        PoolingHttpClientConnectionManager pool = new PoolingHttpClientConnectionManager(
                RegistryBuilder.<ConnectionSocketFactory>create()
                        .register("http", PlainConnectionSocketFactory.getSocketFactory())
                        .register("https", SSLConnectionSocketFactory.getSocketFactory())
                        .build(),
                PoolConcurrencyPolicy.LAX, TimeValue.NEG_ONE_MILLISECOND, null);
        pool.setMaxTotal(maxConnections);
        pool.setDefaultMaxPerRoute(perHost);
        return pool;
    }
}

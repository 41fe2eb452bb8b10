package dev.onellmapi.server;

import dev.onellmapi.settings.ServerSettings;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine of the gateway's own platform-http component ({@code gateway-http:}): its consumers serve on the host's
 * Vert.x HTTP server when the Camel application has one (camel-main with {@code camel.server.enabled}, Camel JBang),
 * and otherwise on the gateway's own server ({@link GatewayHttpServer}: the standalone run, a Spring Boot host),
 * started with the first endpoint.
 */
public final class GatewayHttpEngine implements PlatformHttpEngine {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayHttpEngine.class);

    private final CamelContext camel;
    private final ServerSettings settings;
    private final GatewayHttpServer ownServer;
    private final Runnable onEndpointStop;
    private Router router;
    private int port;

    /** @param onEndpointStop run when one of the gateway's endpoints stops (the streams still open at a stop) */
    public GatewayHttpEngine(CamelContext camel, ServerSettings settings, GatewayHttpServer ownServer,
                             Runnable onEndpointStop) {
        this.camel = camel;
        this.settings = settings;
        this.ownServer = ownServer;
        this.onEndpointStop = onEndpointStop;
    }

    @Override
    public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
        return new GatewayHttpConsumer(endpoint, processor, this);
    }

    @Override
    public synchronized int getServerPort() {
        return port;
    }

    void endpointStopped() {
        onEndpointStop.run();
    }

    int maxBodyBytes() {
        return settings.maxBodyBytes();
    }

    /** The router the gateway's endpoints are added to; the first call decides whose server it is. */
    synchronized Router router() throws Exception {
        if (router == null) {
            VertxPlatformHttpRouter host = hostRouter();
            if (host != null) {
                router = host;
                port = host.getServer() == null ? 0 : host.getServer().getPort();
                LOG.info("one-llm-api: served by the application's HTTP server (port {}); PORT, HOST and the CLIENT_* "
                        + "settings are that server's own", port);
            } else {
                // listens once every route is in place: a request during the start never finds half the endpoints
                camel.addService(ownServer, true, false);
                camel.addStartupListener((started, alreadyStarted) -> ownServer.start());
                router = ownServer.router();
                port = ownServer.port();
            }
        }
        return router;
    }

    private VertxPlatformHttpRouter hostRouter() {
        for (VertxPlatformHttpRouter candidate : camel.getRegistry().findByType(VertxPlatformHttpRouter.class)) {
            if (candidate.isMainServer()) {
                return candidate;
            }
        }
        return null;
    }
}

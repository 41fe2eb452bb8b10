package dev.onellmapi.server;

import dev.onellmapi.settings.ServerSettings;
import dev.onellmapi.wire.RequestIds;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * The gateway's own HTTP server, for when the application has none of its own (the standalone run, a Spring Boot
 * host): Vert.x on HOST:PORT, with the client limits of {@link ClientConnections} and the gateway's error pages.
 * Camel's platform-http server cannot be given either (it makes its Vert.x server with default options).
 */
public final class GatewayHttpServer extends ServiceSupport {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayHttpServer.class);

    private final Vertx vertx;
    private final ServerSettings settings;
    private final Router router;
    private final HttpServerOptions options;
    private final ClientConnections connections;
    private HttpServer server;

    public GatewayHttpServer(CamelContext camel, Vertx vertx, ServerSettings settings) {
        this.vertx = vertx;
        this.settings = settings;
        this.router = Router.router(vertx);
        // no h2c upgrade: OpenAI's clients speak HTTP/1.1, and Vert.x's upgrade handler stands in the way of the
        // strict request decoder (ClientConnections)
        this.options = new HttpServerOptions().setHost(settings.host()).setPort(settings.port())
                .setHttp2ClearTextEnabled(false);
        this.connections = new ClientConnections(vertx, options, settings);
        HttpErrorPages.install(camel, router);
    }

    Router router() {
        return router;
    }

    int port() {
        return server == null ? settings.port() : server.actualPort();
    }

    @Override
    protected void doStart() throws Exception {
        server = vertx.createHttpServer(options)
                .connectionHandler(connections::opened)
                .invalidRequestHandler(HttpErrorPages::invalidRequest)
                .requestHandler(request -> {
                    connections.requestBegun(request);
                    RequestIds.given(request);
                    router.handle(request);
                });
        server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        connections.start();
        LOG.info("one-llm-api: listening on http://{}:{}", settings.host(), server.actualPort());
    }

    @Override
    protected void doStop() throws Exception {
        connections.stop();
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            server = null;
        }
    }
}

package dev.onellmapi.server;

import dev.onellmapi.settings.ServerSettings;
import dev.onellmapi.wire.RequestIds;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's own HTTP server, for when the application has none of its own (the standalone run, a Spring Boot
 * host): Vert.x on HOST:PORT, with the client limits of {@link ClientConnections} and the gateway's error pages.
 * Camel's platform-http server cannot be given either (it makes its Vert.x server with default options).
 * <p>
 * One server per event loop, as Vert.x deploys a service (a verticle instance each): they share the one listening
 * socket and Vert.x hands each new connection to the next in turn, so requests use every core (one server is one
 * event loop, one core, whatever the machine).
 */
public final class GatewayHttpServer extends ServiceSupport {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayHttpServer.class);

    private final Vertx vertx;
    private final ServerSettings settings;
    private final Router router;
    private final HttpServerOptions options;
    private final ClientConnections connections;
    private final List<String> deployments = new ArrayList<>();
    private volatile int actualPort = -1;

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
        return actualPort < 0 ? settings.port() : actualPort;
    }

    @Override
    protected void doStart() throws Exception {
        // the first binds (PORT=0 picks a free port), then the others listen on the port it got, sharing its socket
        deploy(1, options);
        int loops = RequestThreads.EVENT_LOOPS;
        if (loops > 1) {
            deploy(loops - 1, new HttpServerOptions(options).setPort(actualPort));
        }
        connections.start();
        LOG.info("one-llm-api: listening on http://{}:{} ({} event loops)", settings.host(), actualPort, loops);
    }

    private void deploy(int instances, HttpServerOptions listen) throws Exception {
        deployments.add(vertx.deployVerticle(() -> new Listener(listen), new DeploymentOptions().setInstances(instances))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
    }

    @Override
    protected void doStop() throws Exception {
        connections.stop();
        for (String deployment : deployments) { // undeploying a listener closes its server
            vertx.undeploy(deployment).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        deployments.clear();
        actualPort = -1;
    }

    /** One event loop's server: its connections and requests stay on that loop. */
    private final class Listener extends AbstractVerticle {
        private final HttpServerOptions listen;

        Listener(HttpServerOptions listen) {
            this.listen = listen;
        }

        @Override
        public void start(Promise<Void> started) {
            HttpServer server = vertx.createHttpServer(listen)
                    .connectionHandler(connections::opened)
                    .invalidRequestHandler(HttpErrorPages::invalidRequest)
                    .requestHandler(request -> {
                        connections.requestBegun(request);
                        RequestIds.given(request);
                        router.handle(request);
                    });
            server.listen().onSuccess(bound -> actualPort = bound.actualPort()).<Void>mapEmpty().onComplete(started);
        }
    }
}

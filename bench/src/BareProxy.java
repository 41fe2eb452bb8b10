import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * The floor for any gateway on this machine: a bare Vert.x relay (no auth, no parsing, no routing), one server per
 * event loop (as a Vert.x service is deployed, and as the gateway runs), one shared client with pooled keep-alive
 * connections, Netty's epoll transport as the gateway's (its READY line says which it got); a stream is piped through
 * as it arrives. Arguments: PORT UPSTREAM_PORT. Prints "READY".
 * Measured in the same run as the gateway (bench/run.sh; bench/quick.sh with BARE_PROXY=1) to tell the machine's
 * cost of one more HTTP hop from the gateway's own.
 */
public class BareProxy extends AbstractVerticle {
    private static HttpClient client;
    private static int port;
    private static int upstream;

    public static void main(String[] args) {
        port = Integer.parseInt(args[0]);
        upstream = Integer.parseInt(args[1]);
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        client = vertx.createHttpClient(new PoolOptions().setHttp1MaxSize(512));
        vertx.deployVerticle(BareProxy::new, new DeploymentOptions().setInstances(VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE))
                .onSuccess(id -> System.out.println("READY" + (vertx.isNativeTransportEnabled() ? " (epoll)"
                        : " (NIO: " + vertx.unavailableNativeTransportCause() + ")")))
                .onFailure(e -> { e.printStackTrace(); System.exit(1); });
    }

    @Override
    public void start(io.vertx.core.Promise<Void> started) {
        vertx.createHttpServer().requestHandler(in -> in.body().onSuccess(body -> client
                .request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(upstream)
                        .setURI("/v1/chat/completions").putHeader("Content-Type", "application/json"))
                .compose(out -> out.send(body))
                .onSuccess(answer -> {
                    HttpServerResponse response = in.response().putHeader("Content-Type", answer.getHeader("Content-Type"));
                    String length = answer.getHeader("Content-Length");
                    if (length != null) {
                        response.putHeader("Content-Length", length);
                    } else {
                        response.setChunked(true);
                    }
                    answer.pipeTo(response);
                })
                .onFailure(e -> in.response().setStatusCode(502).end())))
                .listen(port, "127.0.0.1").<Void>mapEmpty().onComplete(started);
    }
}

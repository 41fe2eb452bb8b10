import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * The floor for any gateway on this machine: a bare Vert.x pass-through (no auth, no parsing, no routing), one event
 * loop server and client, pooled keep-alive connections. Arguments: PORT UPSTREAM_PORT. Prints "READY".
 * Measured in the same run as the gateway (bench/quick.sh with BARE_PROXY=1) to tell the machine's cost of one more
 * HTTP hop from the gateway's own.
 */
public class BareProxy {
    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        int upstream = Integer.parseInt(args[1]);
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        HttpClient client = vertx.createHttpClient(new PoolOptions().setHttp1MaxSize(512));
        vertx.createHttpServer().requestHandler(in -> in.body().onSuccess(body -> client
                .request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(upstream)
                        .setURI("/v1/chat/completions").putHeader("Content-Type", "application/json"))
                .compose(out -> out.send(body))
                .onSuccess(answer -> answer.body().onSuccess(bytes -> in.response()
                        .putHeader("Content-Type", answer.getHeader("Content-Type")).end(bytes)))
                .onFailure(e -> in.response().setStatusCode(502).end())))
                .listen(port, "127.0.0.1").onSuccess(s -> System.out.println("READY"));
    }
}

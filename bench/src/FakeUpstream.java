import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;

import java.util.regex.Pattern;

/**
 * A fast fake OpenAI upstream on Vert.x. Each argument is PORT:CHUNKS:GAP_MS and opens one listener on 127.0.0.1:
 * POST .../chat/completions answers a fixed chat.completion JSON, or, when the body has "stream": true, an SSE stream
 * of CHUNKS chat.completion.chunk events (the first at once, then one every GAP_MS) and "data: [DONE]".
 * Prints "READY" when every listener is bound.
 */
public class FakeUpstream {
    static final Pattern STREAM = Pattern.compile("\"stream\"\\s*:\\s*true");
    static final Buffer JSON = Buffer.buffer("{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1700000000,"
            + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
            + "\"Hello! How can I help you today?\"},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":9,\"total_tokens\":18}}");
    static final Buffer CHUNK = Buffer.buffer("data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\","
            + "\"created\":1700000000,\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"tok \"},"
            + "\"finish_reason\":null}]}\n\n");
    static final Buffer LAST = Buffer.buffer("data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\","
            + "\"created\":1700000000,\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{},"
            + "\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");

    public static void main(String[] args) {
        int loops = Integer.getInteger("fake.loops", 2);
        Vertx vertx = Vertx.vertx();
        int[] pending = {args.length};
        for (String spec : args) {
            String[] p = spec.split(":");
            int port = Integer.parseInt(p[0]);
            int chunks = Integer.parseInt(p[1]);
            long gap = Long.parseLong(p[2]);
            vertx.deployVerticle(() -> new Listener(port, chunks, gap), new DeploymentOptions().setInstances(loops))
                    .onSuccess(id -> {
                        if (--pending[0] == 0) {
                            System.out.println("READY");
                            System.out.flush();
                        }
                    })
                    .onFailure(e -> { e.printStackTrace(); System.exit(1); });
        }
    }

    static class Listener extends AbstractVerticle {
        final int port, chunks;
        final long gap;

        Listener(int port, int chunks, long gap) { this.port = port; this.chunks = chunks; this.gap = gap; }

        @Override
        public void start(io.vertx.core.Promise<Void> started) {
            vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port).setTcpNoDelay(true))
                    .requestHandler(req -> {
                        if (req.path().endsWith("/health")) { req.response().end("ok"); return; }
                        if (!req.path().endsWith("/chat/completions")) {
                            req.response().setStatusCode(404).end(); return;
                        }
                        req.body().onSuccess(body -> {
                            HttpServerResponse res = req.response();
                            if (STREAM.matcher(body.toString()).find()) {
                                res.setChunked(true).putHeader("content-type", "text/event-stream")
                                        .putHeader("cache-control", "no-cache");
                                send(res, chunks);
                            } else {
                                res.putHeader("content-type", "application/json").end(JSON);
                            }
                        });
                    })
                    .listen().<Void>mapEmpty().onComplete(started);
        }

        void send(HttpServerResponse res, int left) {
            if (res.closed()) return;
            if (left <= 1) { res.end(LAST); return; }
            res.write(CHUNK);
            if (gap <= 0) send(res, left - 1);
            else vertx.setTimer(gap, t -> send(res, left - 1));
        }
    }
}

package dev.onellmapi.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.Json;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.Predicate;

/** The admin API of a gateway over real HTTP, as an operator's script calls it. */
public final class AdminClient {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final String base;
    private final String key;

    public AdminClient(String base, String key) {
        this.base = base;
        this.key = key;
    }

    public AdminClient(RunningGateway gateway) {
        this(gateway.baseUrl(), RunningGateway.KEY);
    }

    public record Answer(int status, JsonNode json, HttpResponse<String> response) {
        public String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }
    }

    public Answer get(String path) throws Exception {
        return send("GET", path, null);
    }

    public Answer post(String path, String body) throws Exception {
        return send("POST", path, body);
    }

    public Answer patch(String path, String body) throws Exception {
        return send("PATCH", path, body);
    }

    public Answer delete(String path) throws Exception {
        return send("DELETE", path, null);
    }

    /** POST /admin/keys that must succeed: the key object with its "key". */
    public ObjectNode createKey(String body) throws Exception {
        Answer a = post("/admin/keys", body);
        if (a.status != 201) {
            throw new AssertionError("POST /admin/keys " + body + " -> " + a.status + " " + a.response.body());
        }
        return (ObjectNode) a.json;
    }

    public Answer send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = r.body().isEmpty() ? null : Json.parseObjectOrNull(r.body());
        return new Answer(r.statusCode(), json, r);
    }

    /**
     * GET {@code path} again until its answer satisfies {@code until}: the ledger is written in the background, so a
     * row shows up shortly after its answer. Fails after 20 s.
     */
    public JsonNode await(String path, Predicate<JsonNode> until) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        Answer last;
        do {
            last = get(path);
            if (last.status == 200 && until.test(last.json)) {
                return last.json;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("GET " + path + " never satisfied the test; last: " + last.status + " "
                + last.response.body());
    }
}

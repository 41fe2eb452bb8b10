package dev.onellmapi.frontdoor.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.Json;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.RunningGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sticky keys by session: a fake Anthropic with three keys whose prompt cache is per key (as a provider's is per
 * organisation or resource) answers each request with the cache-read share a real one would. A repeated conversation
 * of 12 turns (Claude Code's shape: each request is the last one plus two messages) is sent with and without
 * {@code X-Claude-Code-Session-Id}; the README gives the two shares.
 */
class StickySessionsTest {
    private static final int TURNS = 12;
    private static FakeProvider fake;
    private static RunningGateway gateway;
    /** Per upstream key, the message lists it has seen (its cache). */
    private static final Map<String, List<List<String>>> CACHES = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        fake = new FakeProvider();
        fake.on("/v1/messages", (request, exchange) -> {
            List<String> messages = new ArrayList<>();
            Json.parse(request.body()).path("messages").forEach(m -> messages.add(Json.text(m)));
            List<List<String>> cache = CACHES.computeIfAbsent(request.header("x-api-key"), k -> new ArrayList<>());
            int cached = 0;
            synchronized (cache) {
                for (List<String> seen : cache) {
                    if (seen.size() <= messages.size() && messages.subList(0, seen.size()).equals(seen)) {
                        cached = Math.max(cached, tokens(seen));
                    }
                }
                cache.add(messages);
            }
            int total = tokens(messages);
            FakeProvider.json(200, "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":"
                    + "\"claude-sonnet-4-5\",\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],\"stop_reason\":"
                    + "\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":" + (total - cached)
                    + ",\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":" + cached
                    + ",\"output_tokens\":1}}").write(request, exchange);
        });
        gateway = RunningGateway.start(Map.of("anthropic.api-key", "sk-a, sk-b, sk-c", "anthropic.api-base",
                fake.baseUrl()));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        fake.close();
    }

    private static int tokens(List<String> messages) {
        return messages.stream().mapToInt(String::length).sum() / 4;
    }

    /** The cache-read share of a 12-turn conversation's prompt tokens. */
    private static double cacheReadShare(String session) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        ArrayNode messages = Json.array();
        long read = 0;
        long total = 0;
        for (int turn = 0; turn < TURNS; turn++) {
            messages.addObject().put("role", "user").put("content", "Turn " + turn + " of " + session
                    + ": a long enough question to be worth caching, as Claude Code's are.");
            ObjectNode body = Json.object().put("model", "claude-sonnet-4-5").put("max_tokens", 100);
            body.set("messages", messages);
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/messages"))
                    .header("x-api-key", RunningGateway.KEY).header("anthropic-version", "2023-06-01")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.text(body)));
            if (!session.startsWith("none")) {
                request.header("X-Claude-Code-Session-Id", session);
            }
            HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), answer.body());
            JsonNode usage = Json.parse(answer.body()).path("usage");
            read += usage.path("cache_read_input_tokens").asLong();
            total += usage.path("cache_read_input_tokens").asLong() + usage.path("input_tokens").asLong();
            messages.addObject().put("role", "assistant").put("content", "ok");
        }
        return (double) read / total;
    }

    @Test
    void aSessionKeepsItsKeyAndItsCache() throws Exception {
        double without = cacheReadShare("none-1");
        double with = cacheReadShare("3f0c7a52-9d1e-4b8a-a3c6-5f2e8d7b1c90");
        System.out.printf("cache-read share of a 12-turn conversation over 3 keys: %.1f%% without a session id, "
                + "%.1f%% with X-Claude-Code-Session-Id%n", without * 100, with * 100);
        assertTrue(with > without, with + " vs " + without);
        assertTrue(with > 0.8, "with a session every turn after the first reads the cache: " + with);
    }
}

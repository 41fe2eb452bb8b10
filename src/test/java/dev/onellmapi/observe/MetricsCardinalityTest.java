package dev.onellmapi.observe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.onellmapi.wire.Json;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.GatewayWithFake;
import dev.onellmapi.testing.RunningGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.onellmapi.testing.OpenAiFixtures.chatBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Model names are the client's choice (any {@code gpt-...} goes to OpenAI), error codes the provider's: thousands of
 * them, or one of megabytes, must not grow the metrics without bound (2,000 names made a scrape 77 MB, then an OutOfMemoryError; one name of
 * 1.5 MB made every later scrape a 500).
 */
class MetricsCardinalityTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final int NAMES = 3000;

    @RegisterExtension
    static final GatewayWithFake fx = new GatewayWithFake(fake -> Map.of(
            "openai.api-key", "sk-up", "openai.api-base", fake.baseUrl() + "/v1",
            "gateway.metrics-max-models", "20"));

    private static HttpRequest chat(String model) {
        return HttpRequest.newBuilder(URI.create(fx.chatUrl()))
                .header("Authorization", "Bearer " + RunningGateway.KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(chatBody(model, false))).build();
    }

    private static HttpResponse<String> scrape() throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(fx.gateway().managementUrl() + "/observe/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void thousandsOfModelNamesKeepTheScrapeBounded() throws Exception {
        fx.fake().on("/v1/chat/completions", FakeProvider.json(404, "{\"error\":{\"message\":\"no such model\","
                + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"model_not_found\"}}"));
        for (int batch = 0; batch < NAMES; batch += 100) {
            List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
            for (int i = batch; i < batch + 100; i++) {
                sent.add(HTTP.sendAsync(chat("gpt-made-up-" + i + "-" + "x".repeat(120)),
                        HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> answer : sent) {
                assertEquals(404, answer.get().statusCode(), answer.get().body());
            }
        }
        HttpResponse<String> metrics = scrape();
        assertEquals(200, metrics.statusCode());
        // 20 names and "other" (each name cut to 100 characters); unbounded, 3,000 names made well over 100 MB
        assertTrue(metrics.body().length() < 5_000_000, "scrape of " + metrics.body().length() + " chars");
        assertTrue(metrics.body().contains("gen_ai_request_model=\"other\""), "no 'other' label");
        assertFalse(metrics.body().contains("x".repeat(101)), "a label longer than 100 characters");
    }

    /** A provider's error codes are its own choice: one that makes up a new code for each error adds no series. */
    @Test
    void aProviderThatMakesUpAnErrorCodeEachTimeKeepsTheScrapeBounded() throws Exception {
        AtomicInteger errors = new AtomicInteger();
        fx.fake().on("/v1/chat/completions", (request, exchange) -> FakeProvider.json(400, "{\"error\":{\"message\":"
                + "\"bad\",\"type\":\"invalid_request_error\",\"code\":\"made_up_" + errors.incrementAndGet()
                + "\"}}").write(request, exchange));
        int before = series(scrape().body());
        for (int batch = 0; batch < 500; batch += 100) {
            List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                sent.add(HTTP.sendAsync(chat("gpt-4o"), HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> answer : sent) {
                assertEquals(400, answer.get().statusCode(), answer.get().body());
            }
        }
        String metrics = scrape().body();
        assertTrue(metrics.contains("error_type=\"other\""), "no 'other' error type");
        // one duration series per error type (and "other"): at most GenAiMetrics.ERROR_TYPES new ones, not 500
        assertTrue(series(metrics) - before <= GenAiMetrics.ERROR_TYPES + 1, (series(metrics) - before) + " new series");
    }

    private static int series(String metrics) {
        return (int) metrics.lines().filter(l -> l.startsWith("gen_ai_client_operation_duration_seconds_count{")).count();
    }

    @Test
    void aModelNameOfMegabytesIsRefusedAndTheScrapeStaysWhole() throws Exception {
        HttpResponse<String> refused = HTTP.send(chat("gpt-4o" + "x".repeat(1_500_000)),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, refused.statusCode(), refused.body().substring(0, Math.min(500, refused.body().length())));
        JsonNode error = Json.parse(refused.body()).path("error");
        assertEquals("model", error.path("param").asText(), error.toString());
        assertEquals("invalid_request_error", error.path("type").asText(), error.toString());
        assertTrue(refused.body().length() < 1000, "the error quotes the name whole");
        assertEquals(200, scrape().statusCode());
        assertEquals(200, scrape().statusCode());
    }
}

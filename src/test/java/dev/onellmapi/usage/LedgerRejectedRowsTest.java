package dev.onellmapi.usage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.onellmapi.testing.AdminClient;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.OpenAiFixtures;
import dev.onellmapi.testing.OpenAiLike;
import dev.onellmapi.testing.RunningGateway;
import dev.onellmapi.testing.SseClient;
import dev.onellmapi.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A row the database would refuse never holds back the ledger: a model name with NUL (PostgreSQL refuses it in
 * text) is stored with U+FFFD in its place; a row that still fails (a cost past the column's NUMERIC(24,12), from an
 * absurd operator price) is set aside and counted, and the rows after it are written, on H2 and PostgreSQL.
 */
class LedgerRejectedRowsTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    static FakeProvider fake;
    static Path prices;

    @BeforeAll
    static void fake() throws Exception {
        fake = new FakeProvider();
        FakeProvider.Answer answer = OpenAiLike.answer("Hi", 10, 5, 0);
        FakeProvider.Answer unknown = FakeProvider.json(404, "{\"error\":{\"message\":\"no such model\","
                + "\"type\":\"invalid_request_error\",\"code\":\"model_not_found\"}}");
        fake.on("/v1/chat/completions", (request, exchange) ->
                (request.body().contains("\\u0000") ? unknown : answer).write(request, exchange));
        // an operator's price past all reason: 10 tokens of gpt-4o-absurd cost $1e13, more than the column holds
        prices = Files.createTempFile("prices", ".yaml");
        Files.writeString(prices, "gpt-4o-absurd: {input: 1.0e18, output: 1.0e18}\n");
    }

    @AfterAll
    static void close() {
        fake.close();
    }

    @Test
    void refusedRowIsSetAsideOnH2() throws Exception {
        refusedRowIsSetAside(Map.of());
    }

    @Test
    void refusedRowIsSetAsideOnPostgres() throws Exception {
        refusedRowIsSetAside(TestPostgres.shared().newDatabase());
    }

    private void refusedRowIsSetAside(Map<String, String> database) throws Exception {
        Map<String, String> settings = new HashMap<>(database);
        settings.put("openai.api-key", "sk-upstream");
        settings.put("openai.api-base", fake.baseUrl() + "/v1");
        settings.put("gateway.pricing-file", prices.toString());
        try (RunningGateway gateway = RunningGateway.start(settings)) {
            String chat = gateway.baseUrl() + "/v1/chat/completions";
            assertEquals(404, SseClient.post(chat, RunningGateway.KEY,
                    OpenAiFixtures.chatBody("gpt-4o\\u0000x", false)).statusCode());
            assertEquals(200, SseClient.post(chat, RunningGateway.KEY,
                    OpenAiFixtures.chatBody("gpt-4o-absurd", false)).statusCode());
            for (int i = 0; i < 5; i++) {
                assertEquals(200, SseClient.post(chat, RunningGateway.KEY,
                        OpenAiFixtures.chatBody("gpt-4o", false)).statusCode());
            }
            AdminClient admin = new AdminClient(gateway);
            JsonNode rows = admin.await("/admin/requests", r -> r.get("data").size() == 6).get("data");
            assertEquals("gpt-4o\uFFFDx", rows.get(5).get("model").asText(), "NUL stored as U+FFFD");
            for (int i = 0; i < 5; i++) {
                assertEquals("gpt-4o", rows.get(i).get("model").asText());
            }
            JsonNode health = admin.get("/health").json();
            assertFalse(health.has("database"), health.toString());
            String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(gateway.managementUrl() + "/observe/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(metrics.lines().anyMatch(l -> l.startsWith("one_llm_api_ledger_rows_rejected_total")
                    && l.endsWith(" 1.0")), "one row rejected in /observe/metrics");
        }
    }
}

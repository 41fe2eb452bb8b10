package dev.onellmapi.usage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.Json;
import dev.onellmapi.testing.AdminClient;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.GatewayProcess;
import dev.onellmapi.testing.OpenAiFixtures;
import dev.onellmapi.testing.OpenAiLike;
import dev.onellmapi.testing.RunningGateway;
import dev.onellmapi.testing.SseClient;
import dev.onellmapi.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What must outlive a process: keys, spend and usage across a restart (H2 file and PostgreSQL), rows still queued at
 * SIGTERM, and a database that goes down mid-run (chat requests go on, rows queue, then drop and are counted).
 */
class LedgerDurabilityTest {
    static FakeProvider fake;

    @BeforeAll
    static void fake() throws Exception {
        fake = new FakeProvider();
        fake.on("/v1/chat/completions", OpenAiLike.answer("Hi", 1000, 1000, 0)); // gpt-4o: $0.0125 an answer
    }

    @AfterAll
    static void close() {
        fake.close();
    }

    static Map<String, String> settings(Map<String, String> database) {
        Map<String, String> all = new HashMap<>(database);
        all.put("openai.api-key", "sk-upstream");
        all.put("openai.api-base", fake.baseUrl() + "/v1");
        return all;
    }

    @Test
    void keysSpendAndUsageSurviveARestartOnH2() throws Exception {
        survivesRestart(Map.of("gateway.database-url", "jdbc:h2:file:"
                + Files.createTempDirectory("h2-restart").resolve("one-llm-api")));
    }

    @Test
    void keysSpendAndUsageSurviveARestartOnPostgres() throws Exception {
        survivesRestart(TestPostgres.shared().newDatabase());
    }

    private void survivesRestart(Map<String, String> database) throws Exception {
        String id;
        String key;
        try (RunningGateway first = RunningGateway.start(settings(database))) {
            ObjectNode made = new AdminClient(first).createKey("{\"name\": \"kept\", \"max_budget_usd\": 0.02}");
            id = made.get("id").asText();
            key = made.get("key").asText();
            assertEquals(200, SseClient.post(first.baseUrl() + "/v1/chat/completions", key,
                    OpenAiFixtures.chatBody("gpt-4o", false)).statusCode());
            assertEquals(200, SseClient.post(first.baseUrl() + "/v1/chat/completions", key,
                    OpenAiFixtures.chatBody("gpt-4o", false)).statusCode());
        } // stopped: its queued rows are written before the database closes
        try (RunningGateway second = RunningGateway.start(settings(database))) {
            AdminClient admin = new AdminClient(second);
            JsonNode kept = admin.get("/admin/keys/" + id).json();
            assertEquals("kept", kept.get("name").asText());
            assertEquals(0, new BigDecimal("0.025").compareTo(kept.get("spend_usd").decimalValue()), kept.toString());
            HttpResponse<String> over = SseClient.post(second.baseUrl() + "/v1/chat/completions", key,
                    OpenAiFixtures.chatBody("gpt-4o", false));
            assertEquals(429, over.statusCode(), "the spend survived the restart: " + over.body());
            assertEquals("insufficient_quota", Json.parse(over.body()).get("error").get("code").asText());
            assertEquals(2, admin.get("/admin/requests?key_id=" + id).json().get("data").size());
            assertEquals(200, admin.patch("/admin/keys/" + id, "{\"max_budget_usd\": 1}").status());
            assertEquals(200, SseClient.post(second.baseUrl() + "/v1/chat/completions", key,
                    OpenAiFixtures.chatBody("gpt-4o", false)).statusCode(), "the key itself survived");
        }
    }

    @Test
    void rowsQueuedAtSigtermAreInTheDatabaseAfterTheExit() throws Exception {
        String url = "jdbc:h2:file:" + Files.createTempDirectory("h2-sigterm").resolve("one-llm-api");
        int requests = 5;
        try (GatewayProcess gateway = GatewayProcess.start(Map.of("DATABASE_URL", url,
                "OPENAI_API_KEY", "sk-upstream", "OPENAI_API_BASE", fake.baseUrl() + "/v1",
                "LEDGER_FLUSH_MS", "600000"))) { // the writer holds its batch: only the stop writes it
            for (int i = 0; i < requests; i++) {
                assertEquals(200, SseClient.post(gateway.chatUrl(), RunningGateway.KEY,
                        OpenAiFixtures.chatBody("gpt-4o", false)).statusCode());
            }
            gateway.process().destroy(); // SIGTERM
            assertTrue(gateway.process().waitFor(60, TimeUnit.SECONDS), "the gateway exits");
            assertEquals(0, gateway.process().exitValue(), gateway.output());
        }
        try (Connection c = DriverManager.getConnection(url);
             ResultSet r = c.createStatement().executeQuery("SELECT COUNT(*), SUM(prompt_tokens) FROM ledger "
                     + "WHERE key_id = 'master'")) {
            r.next();
            assertEquals(requests, r.getInt(1));
            assertEquals(requests * 1000L, r.getLong(2));
        }
    }

    @Test
    void aDatabaseThatGoesDownSlowsNoChatRequest() throws Exception {
        TestPostgres postgres = TestPostgres.startNew();
        Map<String, String> settings = settings(postgres.newDatabase());
        settings.put("gateway.ledger-queue-size", "3");
        settings.put("gateway.ledger-flush-ms", "0");
        try (RunningGateway gateway = RunningGateway.start(settings)) {
            AdminClient admin = new AdminClient(gateway);
            ObjectNode made = admin.createKey("{\"rpm_limit\": 1000, \"max_budget_usd\": 100}");
            String key = made.get("key").asText();
            String id = made.get("id").asText();
            assertEquals(200, SseClient.post(gateway.baseUrl() + "/v1/chat/completions", key,
                    OpenAiFixtures.chatBody("gpt-4o", false)).statusCode());
            admin.await("/admin/requests?key_id=" + id, r -> r.get("data").size() == 1);

            postgres.stop();
            int served = 0;
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> r = SseClient.post(gateway.baseUrl() + "/v1/chat/completions", key,
                        OpenAiFixtures.chatBody("gpt-4o", false));
                served += r.statusCode() == 200 ? 1 : 0;
            }
            assertEquals(20, served, "keys, limits and spend are checked in memory: the database is not needed");
            assertEquals(200, admin.get("/admin/keys/" + id).status(), "a key is read from memory");
            JsonNode health = admin.await("/health", h -> h.has("ledger") && h.get("ledger").get("dropped").asInt() > 0);
            assertEquals("ok", health.get("status").asText());
            assertEquals("unreachable", health.get("database").asText());
            // the key's spend still counts every answer, dropped rows included
            JsonNode spend = admin.get("/admin/keys/" + id).json();
            assertEquals(0, new BigDecimal("0.2625").compareTo(spend.get("spend_usd").decimalValue()), spend.toString());

            postgres.start();
            // the rows that waited (the queue's and the batch in hand) are written once it is back
            JsonNode rows = admin.await("/admin/requests?key_id=" + id, r -> r.get("data").size() > 1);
            assertTrue(rows.get("data").size() < 21, "some rows were dropped, as the health said");
            admin.await("/health", h -> !h.has("database"));
        }
    }
}

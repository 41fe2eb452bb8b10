package dev.onellmapi.usage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.testing.AdminClient;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.GatewayWithFake;
import dev.onellmapi.testing.OpenAiFixtures;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ledger keeps which client API a request came in by ({@code api}: chat, messages, responses), the client's
 * session id (Claude Code's X-Claude-Code-Session-Id, Codex's session-id), and Claude's prompt-cache writes, priced at
 * their own rate; GET /admin/requests filters on api and session_id, GET /admin/usage groups by api. Run on H2 and on
 * PostgreSQL (which refuses a NUL in a query as in a row).
 */
abstract class LedgerByClientApiContract {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Anthropic's answer: 10 input tokens, 3 written to the prompt cache, 5 read from it, 7 out. */
    static final String CLAUDE_ANSWER = "{\"id\":\"msg_01\",\"type\":\"message\",\"role\":\"assistant\","
            + "\"model\":\"claude-sonnet-4-5\",\"content\":[{\"type\":\"text\",\"text\":\"Hi\"}],"
            + "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":10,"
            + "\"cache_creation_input_tokens\":3,\"cache_read_input_tokens\":5,\"output_tokens\":7}}";

    static Map<String, String> settings(FakeProvider fake) {
        return Map.of("anthropic.api-key", "sk-ant", "anthropic.api-base", fake.baseUrl());
    }

    abstract GatewayWithFake fx();

    @Test
    void everyDoorsRowSaysItsApiItsSessionAndItsCacheWrites() throws Exception {
        AdminClient admin = new AdminClient(fx().gateway());
        ObjectNode made = admin.createKey("{}");
        String key = made.get("key").asText();
        String id = made.get("id").asText();
        fx().fake().on("/v1/messages", FakeProvider.json(200, CLAUDE_ANSWER));

        assertEquals(200, post("/v1/messages", Map.of("x-api-key", key, "anthropic-version", "2023-06-01",
                "x-claude-code-session-id", "sess-claude"), "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}").statusCode());
        assertEquals(200, post("/v1/responses", Map.of("Authorization", "Bearer " + key, "session-id", "sess-codex"),
                "{\"model\":\"claude-sonnet-4-5\",\"input\":\"Hi\",\"store\":false}").statusCode());
        assertEquals(200, post("/v1/chat/completions", Map.of("Authorization", "Bearer " + key),
                OpenAiFixtures.chatBody("claude-sonnet-4-5", false)).statusCode());

        JsonNode rows = admin.await("/admin/requests?key_id=" + id, r -> r.get("data").size() == 3).get("data");
        Map<String, JsonNode> byApi = new HashMap<>();
        rows.forEach(row -> byApi.put(row.get("api").asText(), row));
        assertEquals("sess-claude", byApi.get("messages").get("session_id").asText(), rows.toString());
        assertEquals("sess-codex", byApi.get("responses").get("session_id").asText(), rows.toString());
        assertTrue(byApi.get("chat").get("session_id").isNull(), rows.toString());
        for (JsonNode row : rows) {
            assertEquals(18, row.get("prompt_tokens").asInt(), "input + cache writes + cache reads: " + row);
            assertEquals(5, row.get("cached_tokens").asInt(), row.toString());
            assertEquals(3, row.get("cache_write_tokens").asInt(), row.toString());
            // (10 × 3.00 + 3 × 3.75 (cache write) + 5 × 0.30 (cache read) + 7 × 15.00) / 1e6
            assertEquals(0, new BigDecimal("0.00014775").compareTo(row.get("cost_usd").decimalValue()),
                    row.toString());
        }

        JsonNode messages = admin.get("/admin/requests?key_id=" + id + "&api=messages").json().get("data");
        assertEquals(1, messages.size());
        JsonNode session = admin.get("/admin/requests?session_id=sess-codex").json().get("data");
        assertEquals(1, session.size());
        assertEquals("responses", session.get(0).get("api").asText());

        JsonNode usage = admin.get("/admin/usage?group_by=api&key_id=" + id).json().get("data");
        assertEquals(3, usage.size(), usage.toString());
        for (JsonNode group : usage) {
            assertEquals(1, group.get("requests").asInt(), usage.toString());
            assertEquals(3, group.get("cache_write_tokens").asInt(), usage.toString());
        }
    }

    /** A filter PostgreSQL cannot take as it is (a NUL) matches nothing instead of failing the query. */
    @Test
    void aFilterWithANulMatchesNothing() throws Exception {
        AdminClient admin = new AdminClient(fx().gateway());
        for (String filter : new String[] {"session_id", "key_id", "model", "api"}) {
            AdminClient.Answer answer = admin.get("/admin/requests?" + filter + "=a%00b");
            assertEquals(200, answer.status(), filter + ": " + answer.json());
            assertEquals(0, answer.json().get("data").size(), filter);
            assertEquals(200, admin.get("/admin/usage?" + filter + "=a%00b").status(), filter);
        }
        assertEquals(400, admin.get("/admin/usage?group_by=session").status());
    }

    private HttpResponse<String> post(String path, Map<String, String> headers, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(fx().gateway().baseUrl() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}

package dev.onellmapi.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.testing.AdminClient;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.OpenAiFixtures;
import dev.onellmapi.testing.OpenAiLike;
import dev.onellmapi.testing.RunningGateway;
import dev.onellmapi.testing.SseClient;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ledger: one row per answer and per model, streams and cut streams, usage sums and paging, filters. */
abstract class LedgerContract extends KeysTestBase {
    @Test
    void aStreamAndTheSameAnswerWholeRecordTheSameTokensAndCost() throws Exception {
        ObjectNode made = admin.createKey("{}");
        String key = made.get("key").asText();
        answer("Hello there", 12, 3, 0);
        assertEquals(200, chat(key, OpenAiFixtures.chatBody("gpt-4o", false)).statusCode());
        fx().fake().on("/v1/chat/completions", OpenAiLike.stream(List.of("Hello", " there"), 12, 3, 0));
        SseClient.Stream stream = SseClient.stream(fx().chatUrl(), key, OpenAiFixtures.chatBody("gpt-4o", true));
        List<String> events = stream.rest();
        assertEquals("[DONE]", events.get(events.size() - 1));
        for (String event : events) {
            assertFalse(event.contains("\"usage\""), "the client did not ask for usage: " + event);
        }
        assertTrue(fx().fake().lastRequest().body().contains("\"include_usage\":true"),
                "the gateway asked the provider for it");

        JsonNode rows = admin.await("/admin/requests?key_id=" + made.get("id").asText(),
                r -> r.get("data").size() == 2).get("data");
        JsonNode streamed = rows.get(0);
        JsonNode whole = rows.get(1);
        assertTrue(streamed.get("stream").asBoolean());
        assertFalse(whole.get("stream").asBoolean());
        for (String field : List.of("prompt_tokens", "completion_tokens", "cached_tokens", "cost_usd", "model",
                "provider", "status", "usage_estimated")) {
            assertEquals(whole.get(field), streamed.get(field), field);
        }
        assertEquals("openai", streamed.get("provider").asText());
        assertEquals(200, streamed.get("status").asInt());
        assertTrue(streamed.get("cost_usd").decimalValue().signum() > 0);
        assertTrue(streamed.get("ttft_ms").isNumber());
        assertTrue(whole.get("ttft_ms").isNull());
        assertTrue(whole.get("latency_ms").isNumber());
        assertTrue(whole.get("request_id").asText().startsWith("req_"));
        assertNotNull(whole.get("created_at").asText());
    }

    @Test
    void aMultiModelStreamWritesOneRowPerModelWithEachModelsUsage() throws Exception {
        ObjectNode made = admin.createKey("{}");
        fx().fake().on("/v1/chat/completions", OpenAiLike.stream(List.of("Hi"), 12, 3, 0));
        List<String> events = SseClient.stream(fx().chatUrl(), made.get("key").asText(),
                OpenAiFixtures.chatBody("gpt-4o,gpt-4o-mini", true)).rest();
        assertEquals("[DONE]", events.get(events.size() - 1));
        assertEquals(1, events.stream().filter("[DONE]"::equals).count());
        for (String event : events) {
            assertFalse(event.contains("\"usage\""), event);
        }
        JsonNode rows = admin.await("/admin/requests?key_id=" + made.get("id").asText(),
                r -> r.get("data").size() == 2).get("data");
        assertEquals(rows.get(0).get("request_id"), rows.get(1).get("request_id"));
        List<String> models = new ArrayList<>();
        for (JsonNode row : rows) {
            models.add(row.get("model").asText());
            assertEquals(3, row.get("completion_tokens").asInt());
            assertFalse(row.get("usage_estimated").asBoolean());
        }
        assertTrue(models.containsAll(List.of("gpt-4o", "gpt-4o-mini")), models.toString());
    }

    @Test
    void aClientThatAskedForUsageStillGetsItsUsageChunk() throws Exception {
        ObjectNode made = admin.createKey("{}");
        fx().fake().on("/v1/chat/completions", OpenAiLike.stream(List.of("Hi"), 12, 3, 0));
        String body = "{\"model\": \"gpt-4o\", \"stream\": true, \"stream_options\": {\"include_usage\": true}, "
                + "\"messages\": [{\"role\": \"user\", \"content\": \"Hello\"}]}";
        List<String> events = SseClient.stream(fx().chatUrl(), made.get("key").asText(), body).rest();
        assertTrue(events.stream().anyMatch(e -> e.contains("\"completion_tokens\":3")), events.toString());
        JsonNode row = admin.await("/admin/requests?key_id=" + made.get("id").asText(),
                r -> r.get("data").size() == 1).get("data").get(0);
        assertEquals(3, row.get("completion_tokens").asInt());
        assertFalse(row.get("usage_estimated").asBoolean());
    }

    @Test
    void aStreamCutByTheClientIsRecordedAsEstimated() throws Exception {
        ObjectNode made = admin.createKey("{}");
        CountDownLatch gate = new CountDownLatch(1);
        fx().fake().on("/v1/chat/completions", OpenAiLike.stream(List.of("Hello there, a long answer"), gate,
                List.of("never sent"), 12, 30, 0));
        String body = OpenAiFixtures.chatBody("gpt-4o", true);
        JsonNode row;
        try {
            try (Socket socket = rawStream(made.get("key").asText(), body)) {
                // read up to the first chunk, then hang up while the provider still holds the rest
            }
            row = admin.await("/admin/requests?key_id=" + made.get("id").asText(),
                    r -> r.get("data").size() == 1).get("data").get(0);
        } finally {
            gate.countDown();
        }
        assertTrue(row.get("usage_estimated").asBoolean());
        assertTrue(row.get("completion_tokens").asInt() > 0, row.toString());
        assertTrue(row.get("prompt_tokens").asInt() > 0, row.toString());
        assertTrue(row.get("cost_usd").decimalValue().signum() > 0);
    }

    @Test
    void aStreamThatEndsWithoutItsUsageIsEstimatedFromWhatWasRelayed() throws Exception {
        ObjectNode made = admin.createKey("{}");
        // the provider breaks off after two chunks: no finish, no usage, no [DONE]
        fx().fake().on("/v1/chat/completions", FakeProvider.sse(List.of(
                FakeProvider.data(OpenAiFixtures.chunk("gpt-4o", "Hello")),
                FakeProvider.data(OpenAiFixtures.chunk("gpt-4o", " there, friend")))));
        List<String> events = SseClient.stream(fx().chatUrl(), made.get("key").asText(),
                OpenAiFixtures.chatBody("gpt-4o", true)).rest();
        assertTrue(events.get(0).contains("Hello"), events.toString());
        JsonNode row = admin.await("/admin/requests?key_id=" + made.get("id").asText(),
                r -> r.get("data").size() == 1).get("data").get(0);
        assertTrue(row.get("usage_estimated").asBoolean());
        assertEquals(4, row.get("completion_tokens").asInt(), "\"Hello there, friend\" in cl100k: " + row);
    }

    private Socket rawStream(String key, String body) throws Exception {
        Socket socket = new Socket("127.0.0.1", fx().gateway().port());
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + key
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.getBytes().length + "\r\n\r\n" + body)
                .getBytes());
        java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream()));
        String line;
        while ((line = in.readLine()) != null && !line.contains("Hello there")) {
            // up to the first chunk
        }
        assertNotNull(line, "the first chunk came");
        return socket;
    }

    @Test
    void usageIsSummedByKeyModelAndDayAndRequestsArePaged() throws Exception {
        answer("Hi", 100, 10, 0);
        ObjectNode made = admin.createKey("{}");
        String id = made.get("id").asText();
        String key = made.get("key").asText();
        for (int i = 0; i < 3; i++) {
            assertEquals(200, chat(key, OpenAiFixtures.chatBody("gpt-4o", false)).statusCode());
        }
        assertEquals(200, chat(key, OpenAiFixtures.chatBody("gpt-4o-mini", false)).statusCode());
        admin.await("/admin/requests?key_id=" + id, r -> r.get("data").size() == 4);

        JsonNode byModel = admin.get("/admin/usage?key_id=" + id + "&group_by=model").json();
        assertEquals("list", byModel.get("object").asText());
        assertEquals(2, byModel.get("data").size());
        JsonNode gpt4o = byModel.get("data").get(0);
        assertEquals("gpt-4o", gpt4o.get("model").asText());
        assertEquals(3, gpt4o.get("requests").asInt());
        assertEquals(300, gpt4o.get("prompt_tokens").asInt());
        assertEquals(30, gpt4o.get("completion_tokens").asInt());
        assertEquals(0, new BigDecimal("0.00105").compareTo(gpt4o.get("cost_usd").decimalValue()));

        JsonNode byKey = admin.get("/admin/usage?key_id=" + id).json().get("data");
        assertEquals(1, byKey.size());
        assertEquals(id, byKey.get(0).get("key_id").asText());
        assertEquals(4, byKey.get(0).get("requests").asInt());
        String today = LocalDateTime.now(ZoneOffset.UTC).toLocalDate().toString();
        AdminClient.Answer dayAnswer = admin.get("/admin/usage?key_id=" + id + "&group_by=day&from=" + today
                + "&to=" + today);
        JsonNode byDay = dayAnswer.json().get("data");
        assertEquals(today, byDay.get(0).path("day").asText(), dayAnswer.response().body());
        assertEquals(4, byDay.get(0).get("requests").asInt());
        assertEquals(0, admin.get("/admin/usage?key_id=" + id + "&from=2001-01-01&to=2001-01-02").json()
                .get("data").size());
        assertEquals(1, admin.get("/admin/usage?key_id=" + id + "&model=gpt-4o-mini&group_by=model").json()
                .get("data").size());
        assertEquals(400, admin.get("/admin/usage?group_by=hour").status());
        assertEquals(400, admin.get("/admin/usage?from=yesterday").status());

        JsonNode page1 = admin.get("/admin/requests?key_id=" + id + "&limit=3").json().get("data");
        assertEquals(3, page1.size());
        assertEquals("gpt-4o-mini", page1.get(0).get("model").asText(), "newest first");
        JsonNode page2 = admin.get("/admin/requests?key_id=" + id + "&limit=3&before="
                + page1.get(2).get("request_id").asText()).json().get("data");
        assertEquals(1, page2.size());
        assertEquals(400, admin.get("/admin/requests?limit=0").status());
        assertEquals(400, admin.get("/admin/requests?limit=x").status());
    }

    @Test
    void requestsAndUsageFilterOnStatus() throws Exception {
        ObjectNode made = admin.createKey("{}");
        String id = made.get("id").asText();
        String key = made.get("key").asText();
        answer("Hi", 100, 10, 0);
        assertEquals(200, chat(key, OpenAiFixtures.chatBody("gpt-4o", false)).statusCode());
        fx().fake().on("/v1/chat/completions", FakeProvider.json(429,
                "{\"error\": {\"message\": \"slow down\", \"type\": \"requests\", \"code\": \"rate_limit_exceeded\"}}"));
        assertEquals(429, chat(key, OpenAiFixtures.chatBody("gpt-4o", false)).statusCode());
        admin.await("/admin/requests?key_id=" + id, r -> r.get("data").size() == 2);

        JsonNode errors = admin.get("/admin/requests?key_id=" + id + "&status=error").json().get("data");
        assertEquals(1, errors.size());
        assertEquals(429, errors.get(0).get("status").asInt());
        assertEquals(1, admin.get("/admin/requests?key_id=" + id + "&status=429").json().get("data").size());
        JsonNode ok = admin.get("/admin/requests?key_id=" + id + "&status=ok").json().get("data");
        assertEquals(1, ok.size());
        assertEquals(200, ok.get(0).get("status").asInt());
        assertEquals(0, admin.get("/admin/requests?key_id=" + id + "&status=500").json().get("data").size());
        assertEquals(1, admin.get("/admin/usage?key_id=" + id + "&status=ok").json().get("data").get(0)
                .get("requests").asInt());
        assertEquals(400, admin.get("/admin/requests?status=bad").status());
        assertEquals(400, admin.get("/admin/usage?status=4000").status());
    }

    @Test
    void masterKeyUsageIsRecordedUnderMaster() throws Exception {
        answer("Hi", 5, 7, 0);
        HttpResponse<String> r = chat(RunningGateway.KEY, OpenAiFixtures.chatBody("gpt-4o", false));
        String requestId = r.headers().firstValue("x-request-id").orElseThrow();
        JsonNode rows = admin.await("/admin/requests?key_id=master&limit=1000",
                x -> x.get("data").findValuesAsText("request_id").contains(requestId));
        for (JsonNode row : rows.get("data")) {
            if (row.get("request_id").asText().equals(requestId)) {
                assertEquals("master", row.get("key_id").asText());
                assertEquals(12, row.get("prompt_tokens").asInt() + row.get("completion_tokens").asInt());
            }
        }
        assertNull(r.headers().firstValue("x-ratelimit-limit-requests").orElse(null));
    }
}

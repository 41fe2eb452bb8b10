package dev.onellmapi.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.onellmapi.wire.Json;
import dev.onellmapi.testing.AdminClient;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.GatewayWithFake;
import dev.onellmapi.testing.OpenAiFixtures;
import dev.onellmapi.testing.OpenAiLike;
import dev.onellmapi.testing.RunningGateway;
import dev.onellmapi.testing.SseClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every row of the design's admin API and limits tables, through a real gateway with a fake OpenAI over HTTP and a
 * real database: run against H2 ({@link KeysAndLimitsH2Test}) and PostgreSQL ({@link KeysAndLimitsPostgresTest}).
 */
abstract class KeysAndLimitsContract {
    static Map<String, String> openAi(FakeProvider fake) {
        return Map.of("openai.api-key", "sk-upstream", "openai.api-base", fake.baseUrl() + "/v1");
    }

    protected abstract GatewayWithFake fx();

    AdminClient admin;

    @BeforeEach
    void setUp() {
        admin = new AdminClient(fx().gateway());
    }

    OpenAIClient sdk(String key) {
        return OpenAIOkHttpClient.builder().apiKey(key).baseUrl(fx().gateway().baseUrl() + "/v1").maxRetries(0)
                .build();
    }

    HttpResponse<String> chat(String key, String body) throws Exception {
        return SseClient.post(fx().chatUrl(), key, body);
    }

    static ChatCompletionCreateParams hello(String model) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("Hello").build();
    }

    void answer(String content, int prompt, int completion, int cached) {
        fx().fake().on("/v1/chat/completions", OpenAiLike.answer(content, prompt, completion, cached));
    }

    /** Rate limits count per UTC minute: a test of them starts early in one, never 10 s before its end. */
    static void freshMinute() throws InterruptedException {
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        if (now.getSecond() >= 45) {
            Thread.sleep((60 - now.getSecond()) * 1000L + 200);
        }
    }

    // ---- keys ----

    @Test
    void aKeyIsShownOnceHashedAndCallsChatWithTheSdk() throws Exception {
        ObjectNode made = admin.createKey("{\"name\": \"team-a\", \"metadata\": {\"team\": \"a\"}}");
        String key = made.get("key").asText();
        assertTrue(key.startsWith("sk-one-") && key.length() >= 7 + 32, key);
        String id = made.get("id").asText();
        assertEquals("team-a", made.get("name").asText());
        assertEquals(key.substring(0, 9) + "…" + key.substring(key.length() - 2), made.get("key_hint").asText());
        for (String field : List.of("models", "rpm_limit", "tpm_limit", "max_budget_usd", "budget_period",
                "expires_at", "enabled", "created_at", "spend_usd", "metadata")) {
            assertTrue(made.has(field), field);
        }
        assertEquals("a", made.get("metadata").get("team").asText());
        AdminClient.Answer one = admin.get("/admin/keys/" + id);
        assertEquals(200, one.status());
        assertFalse(one.json().has("key"), "the key is shown only once");
        assertEquals(0, one.json().get("spend_usd").decimalValue().signum());
        JsonNode list = admin.get("/admin/keys").json();
        assertEquals("list", list.get("object").asText());
        boolean listed = false;
        for (JsonNode k : list.get("data")) {
            assertFalse(k.has("key"));
            listed |= k.get("id").asText().equals(id);
        }
        assertTrue(listed);

        answer("Hi", 5, 7, 0);
        ChatCompletion completion = sdk(key).chat().completions().create(hello("gpt-4o"));
        assertEquals("Hi", completion.choices().get(0).message().content().orElseThrow());
        assertEquals("Bearer sk-upstream", fx().fake().lastRequest().header("Authorization"),
                "the gateway's own key goes upstream, never the client's");
    }

    @Test
    void theAdminApiTakesMasterKeysOnly() throws Exception {
        String key = admin.createKey("{}").get("key").asText();
        assertEquals(401, new AdminClient(fx().gateway().baseUrl(), null).get("/admin/keys").status());
        AdminClient.Answer unknown = new AdminClient(fx().gateway().baseUrl(), "sk-one-nope").get("/admin/keys");
        assertEquals(401, unknown.status());
        assertEquals("invalid_api_key", unknown.json().get("error").get("code").asText());
        AdminClient.Answer virtual = new AdminClient(fx().gateway().baseUrl(), key).get("/admin/keys");
        assertEquals(403, virtual.status());
        assertNotNull(virtual.json().get("error").get("message"));
        assertEquals(403, new AdminClient(fx().gateway().baseUrl(), key).post("/admin/keys", "{}").status());
    }

    @Test
    void badBodiesAre400AndChangeNothing() throws Exception {
        int before = admin.get("/admin/keys").json().get("data").size();
        for (String bad : List.of("{\"rpm_limit\": \"ten\"}", "{\"rpm_limit\": -1}", "{\"tpm_limit\": 1.5}",
                "{\"max_budget_usd\": -0.01}", "{\"max_budget_usd\": \"5\"}", "{\"budget_period\": \"hourly\"}",
                "{\"models\": \"gpt-4o\"}", "{\"models\": [1]}", "{\"expires_at\": \"tomorrow\"}",
                "{\"metadata\": [1]}", "{\"enabled\": \"yes\"}", "{\"name\": 5}", "{\"nmae\": \"typo\"}",
                "{\"name\": \"x\"", "[1, 2]", "not json")) {
            AdminClient.Answer a = admin.post("/admin/keys", bad);
            assertEquals(400, a.status(), bad);
            assertEquals("invalid_request_error", a.json().get("error").get("type").asText(), bad);
        }
        assertEquals(before, admin.get("/admin/keys").json().get("data").size(), "no key was made");

        ObjectNode made = admin.createKey("{\"rpm_limit\": 5}");
        String id = made.get("id").asText();
        assertEquals(400, admin.patch("/admin/keys/" + id, "{\"rpm_limit\": 7, \"tpm_limit\": -3}").status());
        assertEquals(400, admin.patch("/admin/keys/" + id, "{broken").status());
        assertEquals(5, admin.get("/admin/keys/" + id).json().get("rpm_limit").asInt(), "nothing changed");
    }

    @Test
    void anUnknownIdIs404() throws Exception {
        assertEquals(404, admin.get("/admin/keys/key_nope").status());
        assertEquals(404, admin.patch("/admin/keys/key_nope", "{\"name\": \"x\"}").status());
        AdminClient.Answer deleted = admin.delete("/admin/keys/key_nope");
        assertEquals(404, deleted.status());
        assertNotNull(deleted.json().get("error"));
    }

    @Test
    void patchDisableExpireAndDelete() throws Exception {
        answer("Hi", 5, 7, 0);
        ObjectNode made = admin.createKey("{\"name\": \"x\", \"budget_period\": \"daily\"}");
        String id = made.get("id").asText();
        String key = made.get("key").asText();
        assertEquals(200, chat(key, OpenAiFixtures.chatBody("gpt-4o", false)).statusCode());

        AdminClient.Answer patched = admin.patch("/admin/keys/" + id, "{\"enabled\": false, \"rpm_limit\": 100, "
                + "\"max_budget_usd\": 2.50}");
        assertEquals(200, patched.status());
        assertFalse(patched.json().get("enabled").asBoolean());
        assertEquals(100, patched.json().get("rpm_limit").asInt());
        assertEquals(0, new BigDecimal("2.5").compareTo(patched.json().get("max_budget_usd").decimalValue()));
        assertEquals("daily", patched.json().get("budget_period").asText());
        assertEquals("x", patched.json().get("name").asText(), "fields not sent stay");
        HttpResponse<String> disabled = chat(key, OpenAiFixtures.chatBody("gpt-4o", false));
        assertEquals(401, disabled.statusCode());
        assertTrue(disabled.body().contains("invalid_api_key"));

        assertEquals(200, admin.patch("/admin/keys/" + id, "{\"enabled\": true, \"rpm_limit\": null}").status());
        assertTrue(admin.get("/admin/keys/" + id).json().get("rpm_limit").isNull());
        assertEquals(200, chat(key, OpenAiFixtures.chatBody("gpt-4o", false)).statusCode());

        assertEquals(200, admin.patch("/admin/keys/" + id, "{\"expires_at\": \"2020-01-01T00:00:00Z\"}").status());
        assertEquals(401, chat(key, OpenAiFixtures.chatBody("gpt-4o", false)).statusCode(), "expired");
        assertEquals(200, admin.patch("/admin/keys/" + id, "{\"expires_at\": \"2999-01-01\"}").status());
        assertEquals(200, chat(key, OpenAiFixtures.chatBody("gpt-4o", false)).statusCode());

        AdminClient.Answer deleted = admin.delete("/admin/keys/" + id);
        assertEquals(200, deleted.status());
        assertEquals(id, deleted.json().get("id").asText());
        assertTrue(deleted.json().get("deleted").asBoolean());
        UnauthorizedException refused = assertThrows(UnauthorizedException.class,
                () -> sdk(key).chat().completions().create(hello("gpt-4o")));
        assertEquals(401, refused.statusCode(), "a deleted key stops at once on this instance");
        assertEquals(404, admin.get("/admin/keys/" + id).status());
        for (JsonNode k : admin.get("/admin/keys").json().get("data")) {
            assertFalse(k.get("id").asText().equals(id));
        }
    }

    @Test
    void aModelOutsideTheKeysListIs403AndNothingIsSent() throws Exception {
        answer("Hi", 5, 7, 0);
        String key = admin.createKey("{\"models\": [\"gpt-4o-mini\", \"claude-*\"], \"rpm_limit\": 100}").get("key")
                .asText();
        assertEquals(200, chat(key, OpenAiFixtures.chatBody("gpt-4o-mini", false)).statusCode());
        int sent = fx().fake().requests().size();
        for (String model : List.of("gpt-4o", "gpt-4o-mini,gpt-4o")) {
            for (boolean stream : List.of(false, true)) {
                HttpResponse<String> refused = chat(key, OpenAiFixtures.chatBody(model, stream));
                assertEquals(403, refused.statusCode(), model);
                assertEquals("model_not_allowed", Json.parse(refused.body()).get("error").get("code").asText());
                assertTrue(refused.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                        "a refused stream is a plain answer, not a stream");
                // every answer to a key with limits has the minute's headers; a refusal is not counted
                assertEquals("100", refused.headers().firstValue("x-ratelimit-limit-requests").orElse(""), model);
                assertEquals("99", refused.headers().firstValue("x-ratelimit-remaining-requests").orElse(""), model);
                assertTrue(refused.headers().firstValue("x-ratelimit-reset-requests").isPresent(), model);
            }
        }
        assertEquals(sent, fx().fake().requests().size(), "nothing went upstream");
    }

    // ---- rate limits ----

    @Test
    void requestsPerMinuteWithOpenAisHeaders() throws Exception {
        answer("Hi", 5, 7, 0);
        String key = admin.createKey("{\"rpm_limit\": 2}").get("key").asText();
        freshMinute();
        HttpResponse<String> first = chat(key, OpenAiFixtures.chatBody("gpt-4o", false));
        assertEquals(200, first.statusCode());
        assertEquals("2", first.headers().firstValue("x-ratelimit-limit-requests").orElseThrow());
        assertEquals("1", first.headers().firstValue("x-ratelimit-remaining-requests").orElseThrow());
        assertTrue(first.headers().firstValue("x-ratelimit-reset-requests").orElseThrow().matches("\\d+(ms|s)|1m0s"));
        assertTrue(first.headers().firstValue("x-request-id").orElseThrow().startsWith("req_"));
        assertFalse(first.headers().firstValue("x-ratelimit-limit-tokens").isPresent(), "no tpm_limit, no token headers");
        fx().fake().on("/v1/chat/completions", OpenAiLike.stream(List.of("Hi"), 5, 7, 0));
        SseClient.Stream second = SseClient.stream(fx().chatUrl(), key, OpenAiFixtures.chatBody("gpt-4o", true));
        assertEquals(200, second.response.statusCode());
        assertTrue(second.response.headers().firstValue("Content-Type").orElseThrow().startsWith("text/event-stream"));
        assertEquals("0", second.response.headers().firstValue("x-ratelimit-remaining-requests").orElseThrow(),
                "a stream carries the headers too");
        List<String> secondEvents = second.rest();
        assertEquals("[DONE]", secondEvents.get(secondEvents.size() - 1));
        int sent = fx().fake().requests().size();
        HttpResponse<String> third = chat(key, OpenAiFixtures.chatBody("gpt-4o", true));
        assertEquals(429, third.statusCode());
        JsonNode error = Json.parse(third.body()).get("error");
        assertEquals("requests", error.get("type").asText());
        assertEquals("rate_limit_exceeded", error.get("code").asText());
        int retryAfter = Integer.parseInt(third.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
        assertEquals("0", third.headers().firstValue("x-ratelimit-remaining-requests").orElseThrow());
        assertTrue(third.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertEquals(sent, fx().fake().requests().size());
        assertThrows(RateLimitException.class, () -> sdk(key).chat().completions().create(hello("gpt-4o")));

        // the master key has no limits
        answer("Hi", 5, 7, 0);
        for (int i = 0; i < 3; i++) {
            assertEquals(200, chat(RunningGateway.KEY, OpenAiFixtures.chatBody("gpt-4o", false)).statusCode());
        }
    }

    @Test
    void tokensPerMinuteAreReservedBeforeAndSettledAfter() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        fx().fake().on("/v1/chat/completions", (request, exchange) -> {
            gate.await();
            OpenAiLike.answer("Hi", 10, 10, 0).write(request, exchange);
        });
        // each request reserves its prompt (about 11 tokens) + max_tokens 40: two fit under 100, a third does not
        String key = admin.createKey("{\"tpm_limit\": 100}").get("key").asText();
        String body = "{\"model\": \"gpt-4o\", \"max_tokens\": 40, \"messages\": [{\"role\": \"user\", "
                + "\"content\": \"Hello\"}]}";
        freshMinute();
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            List<Future<HttpResponse<String>>> burst = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                burst.add(pool.submit(() -> chat(key, body)));
            }
            // the refused ones answer at once, while the admitted ones still wait for the provider
            int refused = 0;
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (refused < 3 && System.nanoTime() < deadline) {
                refused = 0;
                for (Future<HttpResponse<String>> f : burst) {
                    if (f.isDone() && f.get().statusCode() == 429) {
                        refused++;
                    }
                }
                Thread.sleep(20);
            }
            assertEquals(3, refused, "a burst cannot pass the limit by the whole burst");
            gate.countDown();
            int ok = 0;
            for (Future<HttpResponse<String>> f : burst) {
                HttpResponse<String> r = f.get();
                if (r.statusCode() == 200) {
                    ok++;
                    assertEquals("100", r.headers().firstValue("x-ratelimit-limit-tokens").orElseThrow());
                } else {
                    assertEquals("tokens", Json.parse(r.body()).get("error").get("type").asText());
                    assertEquals("rate_limit_exceeded", Json.parse(r.body()).get("error").get("code").asText());
                }
            }
            assertEquals(2, ok);
        } finally {
            gate.countDown();
            pool.shutdownNow();
        }
        // settled: the two answers used 20 tokens each, not their 51 reserved; 40 of 100 used, so more fit now
        HttpResponse<String> after = chat(key, body);
        assertEquals(200, after.statusCode(), after.body());
        long remaining = Long.parseLong(after.headers().firstValue("x-ratelimit-remaining-tokens").orElseThrow());
        assertTrue(remaining < 100 - 40 && remaining >= 100 - 40 - 60, "remaining " + remaining);
    }

    // ---- budgets and cost ----

    @Test
    void aSpentBudgetIs429InsufficientQuota() throws Exception {
        answer("Hi", 1000, 1000, 0); // gpt-4o: 1000 × 2.50 + 1000 × 10.00 per million = $0.0125
        ObjectNode made = admin.createKey("{\"max_budget_usd\": 0.02, \"budget_period\": \"monthly\", "
                + "\"rpm_limit\": 50}");
        String key = made.get("key").asText();
        assertEquals(200, chat(key, OpenAiFixtures.chatBody("gpt-4o", false)).statusCode());
        assertEquals(200, chat(key, OpenAiFixtures.chatBody("gpt-4o", false)).statusCode());
        HttpResponse<String> over = chat(key, OpenAiFixtures.chatBody("gpt-4o", true));
        assertEquals(429, over.statusCode());
        JsonNode error = Json.parse(over.body()).get("error");
        assertEquals("insufficient_quota", error.get("type").asText());
        assertEquals("insufficient_quota", error.get("code").asText());
        assertEquals("48", over.headers().firstValue("x-ratelimit-remaining-requests").orElse(""),
                "the budget's refusal carries the minute's headers, and is not counted");
        assertEquals(0, new BigDecimal("0.025").compareTo(
                admin.get("/admin/keys/" + made.get("id").asText()).json().get("spend_usd").decimalValue()));
        // a raised budget lets it go on
        admin.patch("/admin/keys/" + made.get("id").asText(), "{\"max_budget_usd\": 1}");
        assertEquals(200, chat(key, OpenAiFixtures.chatBody("gpt-4o", false)).statusCode());
    }

    @Test
    void everyModelOfAMultiModelRequestCountsAgainstTheBudget() throws Exception {
        answer("Hi", 1000, 1000, 0); // gpt-4o $0.0125 + gpt-4o-mini (0.15 + 0.60) $0.00075
        ObjectNode made = admin.createKey("{\"max_budget_usd\": 0.013}");
        String key = made.get("key").asText();
        assertEquals(200, chat(key, OpenAiFixtures.chatBody("gpt-4o,gpt-4o-mini", false)).statusCode());
        assertEquals(0, new BigDecimal("0.01325").compareTo(
                admin.get("/admin/keys/" + made.get("id").asText()).json().get("spend_usd").decimalValue()));
        assertEquals(429, chat(key, OpenAiFixtures.chatBody("gpt-4o-mini", false)).statusCode());
        JsonNode rows = admin.await("/admin/requests?key_id=" + made.get("id").asText(),
                r -> r.get("data").size() == 2);
        assertEquals(rows.get("data").get(0).get("request_id").asText(),
                rows.get("data").get(1).get("request_id").asText(), "one request, one row per model");
    }

    @Test
    void cachedPromptTokensArePricedAtTheCachedRate() throws Exception {
        answer("Hi", 1000, 0, 400); // 600 × 2.50 + 400 × 1.25 = 2000 per million = $0.002
        ObjectNode made = admin.createKey("{}");
        assertEquals(200, chat(made.get("key").asText(), OpenAiFixtures.chatBody("gpt-4o", false)).statusCode());
        JsonNode row = admin.await("/admin/requests?key_id=" + made.get("id").asText(),
                r -> r.get("data").size() == 1).get("data").get(0);
        assertEquals(400, row.get("cached_tokens").asInt());
        assertEquals(1000, row.get("prompt_tokens").asInt());
        assertEquals(0, new BigDecimal("0.002").compareTo(row.get("cost_usd").decimalValue()));
    }

    // ---- the ledger ----

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

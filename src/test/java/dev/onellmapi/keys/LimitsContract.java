package dev.onellmapi.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.errors.RateLimitException;
import dev.onellmapi.wire.Json;
import dev.onellmapi.testing.OpenAiFixtures;
import dev.onellmapi.testing.OpenAiLike;
import dev.onellmapi.testing.RunningGateway;
import dev.onellmapi.testing.SseClient;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A key's limits: requests and tokens per minute with OpenAI's headers, budgets and what each request costs. */
abstract class LimitsContract extends KeysTestBase {
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
}

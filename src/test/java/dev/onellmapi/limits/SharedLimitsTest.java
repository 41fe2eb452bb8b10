package dev.onellmapi.limits;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.testing.AdminClient;
import dev.onellmapi.testing.Burst;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.OpenAiFixtures;
import dev.onellmapi.testing.OpenAiLike;
import dev.onellmapi.testing.RunningGateway;
import dev.onellmapi.testing.SseClient;
import dev.onellmapi.testing.TestPostgres;
import dev.onellmapi.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two gateway instances sharing a real PostgreSQL (keys, budgets) and a real Redis (rate-limit counters): a limit
 * holds in total, not per instance; a key made or deleted on one is seen by the other; a Redis that goes down leaves
 * each instance counting alone (said in its log and /health) until Redis is back.
 */
class SharedLimitsTest {
    static FakeProvider fake;
    static TestRedis redis;
    static RunningGateway one;
    static RunningGateway two;

    @BeforeAll
    static void start() throws Exception {
        fake = new FakeProvider();
        fake.on("/v1/chat/completions", OpenAiLike.answer("Hi", 5, 7, 0));
        redis = new TestRedis();
        Map<String, String> settings = new HashMap<>(TestPostgres.shared().newDatabase());
        settings.put("openai.api-key", "sk-upstream");
        settings.put("openai.api-base", fake.baseUrl() + "/v1");
        settings.put("gateway.redis-url", redis.url());
        settings.put("gateway.keys-refresh-seconds", "1");
        settings.put("gateway.redis-timeout-ms", "5000"); // a loaded test machine is not a Redis that is down
        one = RunningGateway.start(settings);
        two = RunningGateway.start(settings);
    }

    @AfterAll
    static void stop() throws Exception {
        one.close();
        two.close();
        redis.close();
        fake.close();
    }

    static HttpResponse<String> chat(RunningGateway gateway, String key) throws Exception {
        return SseClient.post(gateway.baseUrl() + "/v1/chat/completions", key, OpenAiFixtures.chatBody("gpt-4o", false));
    }

    /** A key made on instance one, once instance two knows it. */
    static ObjectNode sharedKey(String body) throws Exception {
        ObjectNode made = new AdminClient(one).createKey(body);
        new AdminClient(two).await("/admin/keys/" + made.get("id").asText(), k -> k.has("id"));
        return made;
    }

    static void freshMinute() throws InterruptedException {
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        if (now.getSecond() >= 45) {
            Thread.sleep((60 - now.getSecond()) * 1000L + 200);
        }
    }

    @Test
    void sixRequestsAMinuteInTotalAcrossTwoInstances() throws Exception {
        String key = sharedKey("{\"rpm_limit\": 6}").get("key").asText();
        freshMinute();
        int ok = 0;
        int refused = 0;
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> r = chat(i % 2 == 0 ? one : two, key);
            if (r.statusCode() == 200) {
                ok++;
            } else {
                assertEquals(429, r.statusCode(), r.body());
                assertTrue(r.body().contains("rate_limit_exceeded"));
                refused++;
            }
        }
        assertEquals(6, ok, "the limit is the key's, not each instance's");
        assertEquals(4, refused);
    }

    @Test
    void tokensAreReservedAndSettledInRedisForEveryInstance() throws Exception {
        // each answer uses 12 tokens (5 + 7); a request reserves its prompt (about 11) + max_tokens 40
        String key = sharedKey("{\"tpm_limit\": 30}").get("key").asText();
        String body = "{\"model\": \"gpt-4o\", \"max_tokens\": 40, \"messages\": [{\"role\": \"user\", "
                + "\"content\": \"Hello\"}]}";
        freshMinute();
        HttpResponse<String> first = SseClient.post(one.baseUrl() + "/v1/chat/completions", key, body);
        assertEquals(200, first.statusCode(), first.body());
        assertEquals("30", first.headers().firstValue("x-ratelimit-limit-tokens").orElseThrow());
        // settled to the real 12: a second request fits on the other instance (12 + its prompt <= 30)
        HttpResponse<String> second = SseClient.post(two.baseUrl() + "/v1/chat/completions", key, body);
        assertEquals(200, second.statusCode(), second.body());
        // 24 used: the next prompt would pass 30 on either instance
        HttpResponse<String> third = SseClient.post(one.baseUrl() + "/v1/chat/completions", key, body);
        assertEquals(429, third.statusCode(), third.body());
        assertTrue(third.body().contains("\"tokens\""), third.body());
        assertEquals("6", third.headers().firstValue("x-ratelimit-remaining-tokens").orElseThrow());
    }

    @Test
    void twoHundredConcurrentRequestsOverTwoInstancesStayNearTheBudget() throws Exception {
        assertBurstBounded(false);
    }

    @Test
    void twoHundredConcurrentStreamsOverTwoInstancesStayNearTheBudget() throws Exception {
        assertBurstBounded(true);
    }

    /** $0.05 at $0.0125 a request (gpt-4o, 1000 + 1000 tokens): 4 fit, whichever instance answers. */
    private static void assertBurstBounded(boolean stream) throws Exception {
        String key = sharedKey("{\"max_budget_usd\": 0.05}").get("key").asText();
        AtomicInteger sent = new AtomicInteger();
        try {
            Burst burst = Burst.held(fake, stream ? OpenAiLike.stream(List.of("Hi", " there"), 1000, 1000, 0)
                    : OpenAiLike.answer("Hi", 1000, 1000, 0), 200, () -> SseClient.post(
                    (sent.getAndIncrement() % 2 == 0 ? one : two).baseUrl() + "/v1/chat/completions", key,
                    BudgetsTest.body("gpt-4o", stream)));
            int admitted = burst.statuses().get(200);
            assertEquals(200, admitted + burst.statuses().get(429), burst.statuses().toString());
            assertTrue(admitted >= 1 && admitted <= 4 + 2, "admitted " + admitted + " of 200 against a budget for 4");
        } finally {
            fake.on("/v1/chat/completions", OpenAiLike.answer("Hi", 5, 7, 0));
        }
    }

    @Test
    void aRedisRestartMidMinuteGoesOnFromTheCountCarriedOver() throws Exception {
        String key = sharedKey("{\"rpm_limit\": 10}").get("key").asText();
        freshMinute();
        for (int i = 0; i < 6; i++) { // the last on instance one: it saw the shared count of 6
            assertEquals(200, chat(i % 2 == 0 ? two : one, key).statusCode());
        }
        redis.stop(); // no persistence: the restarted Redis has lost the minute
        redis.start();
        int ok = 0;
        for (int i = 0; i < 10; i++) {
            ok += chat(one, key).statusCode() == 200 ? 1 : 0;
        }
        assertEquals(4, ok, "10 a minute in total, across the restart");
    }

    @Test
    void aKeyDeletedOnOneInstanceStopsOnTheOther() throws Exception {
        ObjectNode made = sharedKey("{}");
        String key = made.get("key").asText();
        assertEquals(200, chat(two, key).statusCode());
        assertEquals(200, new AdminClient(one).delete("/admin/keys/" + made.get("id").asText()).status());
        assertEquals(401, chat(one, key).statusCode(), "at once on the instance that deleted it");
        long deadline = System.nanoTime() + 20_000_000_000L;
        int status = 200;
        while (status == 200 && System.nanoTime() < deadline) {
            status = chat(two, key).statusCode();
            Thread.sleep(100);
        }
        assertEquals(401, status, "within KEYS_REFRESH_SECONDS on the other");
    }

    @Test
    void withRedisDownEachInstanceCountsAloneAndRecovers() throws Exception {
        String key = sharedKey("{\"rpm_limit\": 1000}").get("key").asText();
        assertEquals(200, chat(one, key).statusCode());
        redis.stop();
        try {
            for (int i = 0; i < 5; i++) {
                assertEquals(200, chat(one, key).statusCode(), "served while Redis is down");
            }
            JsonNode health = new AdminClient(one).await("/health", h -> h.has("rate_limits"));
            assertEquals("ok", health.get("status").asText());
            assertEquals("local (redis unreachable)", health.get("rate_limits").asText());
        } finally {
            redis.start();
        }
        AdminClient admin = new AdminClient(one);
        long deadline = System.nanoTime() + 30_000_000_000L;
        boolean recovered = false;
        while (!recovered && System.nanoTime() < deadline) {
            assertEquals(200, chat(one, key).statusCode());
            recovered = !admin.get("/health").json().has("rate_limits");
            Thread.sleep(200);
        }
        assertTrue(recovered, "back on Redis by itself");
        assertFalse(admin.get("/health").json().has("database"));
    }
}

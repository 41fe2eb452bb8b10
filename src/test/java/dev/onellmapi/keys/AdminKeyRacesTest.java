package dev.onellmapi.keys;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.testing.AdminClient;
import dev.onellmapi.testing.GatewayWithFake;
import dev.onellmapi.testing.OpenAiLike;
import dev.onellmapi.testing.SseClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A PATCH racing a DELETE or a disable of the same key, 200 pairs at once, on H2 and on a real PostgreSQL: a delete
 * or disable that answered 200 holds, in the database, in this instance's key ring and after the background refresh.
 */
class AdminKeyRacesTest {
    private static final int PAIRS = 200;
    private static final String CHAT = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

    @RegisterExtension
    static final GatewayWithFake H2 = new GatewayWithFake(fake -> settings(fake.baseUrl()));

    @RegisterExtension
    static final GatewayWithFake POSTGRES = GatewayWithFake.onPostgres(fake -> settings(fake.baseUrl()));

    private static Map<String, String> settings(String fake) {
        return Map.of("openai.api-key", "sk-upstream", "openai.api-base", fake + "/v1",
                "gateway.keys-refresh-seconds", "1");
    }

    @Test
    void deletesAndDisablesHoldAgainstRacingPatchesOnH2() throws Exception {
        racePatchesAgainstDeletesAndDisables(H2);
    }

    @Test
    void deletesAndDisablesHoldAgainstRacingPatchesOnPostgres() throws Exception {
        racePatchesAgainstDeletesAndDisables(POSTGRES);
    }

    private static void racePatchesAgainstDeletesAndDisables(GatewayWithFake fx) throws Exception {
        fx.fake().on("/v1/chat/completions", OpenAiLike.answer("Hi", 1, 1, 0));
        AdminClient admin = new AdminClient(fx.gateway());
        List<ObjectNode> deleted = new ArrayList<>();
        List<ObjectNode> disabled = new ArrayList<>();
        for (int i = 0; i < PAIRS; i++) {
            deleted.add(admin.createKey("{\"name\":\"d" + i + "\"}"));
            disabled.add(admin.createKey("{\"name\":\"e" + i + "\"}"));
        }
        List<Callable<AdminClient.Answer>> calls = new ArrayList<>();
        for (int i = 0; i < PAIRS; i++) {
            String d = "/admin/keys/" + deleted.get(i).get("id").asText();
            String e = "/admin/keys/" + disabled.get(i).get("id").asText();
            calls.add(() -> admin.patch(d, "{\"name\":\"renamed\",\"metadata\":{\"n\":1}}"));
            calls.add(() -> admin.delete(d));
            calls.add(() -> admin.patch(e, "{\"name\":\"renamed\",\"metadata\":{\"n\":1}}"));
            calls.add(() -> admin.patch(e, "{\"enabled\":false}"));
        }
        List<AdminClient.Answer> answers = runTogether(calls);
        for (int i = 0; i < PAIRS; i++) {
            int patchOfDeleted = answers.get(4 * i).status();
            assertTrue(patchOfDeleted == 200 || patchOfDeleted == 404, "a PATCH of a key deleted meanwhile is a 404");
            assertEquals(200, answers.get(4 * i + 1).status(), "DELETE");
            assertEquals(200, answers.get(4 * i + 2).status(), "PATCH");
            assertEquals(200, answers.get(4 * i + 3).status(), "disable");
        }
        Thread.sleep(2_500); // two refreshes (KEYS_REFRESH_SECONDS=1) reload the ring from the database

        int alive = 0;
        int enabled = 0;
        for (int i = 0; i < PAIRS; i++) {
            if (admin.get("/admin/keys/" + deleted.get(i).get("id").asText()).status() != 404
                    || SseClient.post(fx.chatUrl(), deleted.get(i).get("key").asText(), CHAT).statusCode() != 401) {
                alive++;
            }
            AdminClient.Answer e = admin.get("/admin/keys/" + disabled.get(i).get("id").asText());
            if (e.json().get("enabled").asBoolean()
                    || SseClient.post(fx.chatUrl(), disabled.get(i).get("key").asText(), CHAT).statusCode() == 200) {
                enabled++;
            }
        }
        assertEquals("0 deleted alive, 0 disabled enabled", alive + " deleted alive, " + enabled + " disabled enabled",
                "after the refresh");
    }

    /** Every call started at once (each on its own thread, released together); the answers in the calls' order. */
    private static <T> List<T> runTogether(List<Callable<T>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(64);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : calls) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return call.call();
                }));
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}

package dev.onellmapi.resilience;

import dev.onellmapi.wire.Json;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.LogCapture;
import dev.onellmapi.testing.RunningGateway;
import dev.onellmapi.testing.SseClient;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.onellmapi.testing.FakeProvider.data;
import static dev.onellmapi.testing.OpenAiFixtures.chatBody;
import static dev.onellmapi.testing.OpenAiFixtures.chunk;
import static dev.onellmapi.testing.OpenAiFixtures.finalChunk;
import static dev.onellmapi.testing.OpenAiFixtures.completion;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several keys per provider: used in turn; a key the provider refuses (401/403) is set aside for
 * KEY_COOLDOWN_SECONDS and the same attempt goes on with the next key at once; every key refused is the provider's
 * 401; each key has its own circuit breaker. The keys are never logged.
 */
class ProviderKeysTest {
    private static final List<String> KEYS = List.of("pool-key-one-1111", "pool-key-two-2222", "pool-key-three-33");

    private static Map<String, String> settings(FakeProvider fake, String... more) {
        Map<String, String> all = new HashMap<>(Map.of(
                "gateway.providers.pool.type", "openai",
                "gateway.providers.pool.api-base", fake.baseUrl() + "/v1",
                "gateway.providers.pool.api-keys", String.join(",", KEYS),
                "gateway.providers.pool.models", "pool-*"));
        for (int i = 0; i < more.length; i += 2) {
            all.put(more[i], more[i + 1]);
        }
        return all;
    }

    /** The fake answers each key as {@code answers} says (200 for a key not in it). */
    private static void answer(FakeProvider fake, Map<String, Integer> statusByKey) {
        fake.on("/v1/chat/completions", (request, exchange) -> {
            String key = request.header("Authorization").substring("Bearer ".length());
            int status = statusByKey.getOrDefault(key, 200);
            boolean stream = request.body().contains("\"stream\":true");
            (status == 200 && stream ? FakeProvider.sse(List.of(data(chunk("pool-model", "streamed")),
                    data(finalChunk("pool-model")), "data: [DONE]\n\n"))
                    : status == 200 ? FakeProvider.json(200, completion("pool-model", "answered"))
                    : FakeProvider.json(status, "{\"error\":{\"message\":\"Invalid API key\",\"type\":"
                    + "\"invalid_request_error\",\"code\":\"invalid_api_key\"}}")).write(request, exchange);
        });
    }

    private static List<String> keysSent(FakeProvider fake) {
        List<String> keys = new ArrayList<>();
        fake.requests().forEach(r -> keys.add(r.header("Authorization").substring("Bearer ".length())));
        return keys;
    }

    private static HttpResponse<String> ask(RunningGateway gateway) throws Exception {
        return SseClient.post(gateway.baseUrl() + "/v1/chat/completions", RunningGateway.KEY,
                chatBody("pool-model", false));
    }

    @Test
    void theKeysAreUsedInTurn() throws Exception {
        try (FakeProvider fake = new FakeProvider(); RunningGateway gateway = RunningGateway.start(settings(fake))) {
            answer(fake, Map.of());
            for (int i = 0; i < 6; i++) {
                assertEquals(200, ask(gateway).statusCode());
            }
            List<String> sent = keysSent(fake);
            assertEquals(6, sent.size());
            for (int i = 0; i < 3; i++) {
                assertEquals(sent.get(i), sent.get(i + 3), "one turn each, in the same order: " + sent);
            }
            assertEquals(Set.copyOf(KEYS), Set.copyOf(sent.subList(0, 3)), "every key had its turn: " + sent);
        }
    }

    @Test
    void aRefusedKeyIsSetAsideAndTheRequestsAreStillAnswered() throws Exception {
        try (FakeProvider fake = new FakeProvider(); LogCapture log = new LogCapture();
             RunningGateway gateway = RunningGateway.start(settings(fake, "gateway.key-cooldown-seconds", "2"))) {
            answer(fake, Map.of(KEYS.get(1), 401));
            for (int i = 0; i < 6; i++) {
                HttpResponse<String> r = ask(gateway);
                assertEquals(200, r.statusCode(), "the same attempt went on with the next key: " + r.body());
            }
            List<String> sent = keysSent(fake);
            assertEquals(1, sent.stream().filter(KEYS.get(1)::equals).count(), "set aside after one refusal: "
                    + sent);
            assertEquals(7, sent.size(), "six answers, one refusal");
            List<String> warnings = log.warnings().stream().filter(l -> l.contains("refused its key")).toList();
            assertEquals(1, warnings.size(), log.warnings().toString());
            assertTrue(warnings.get(0).contains("Provider 'pool' refused its key 2 of 3 (401)"), warnings.get(0));
            assertTrue(log.warnings().stream().noneMatch(l -> KEYS.stream().anyMatch(l::contains)),
                    "no key in the log: " + log.warnings());

            Thread.sleep(2_200); // KEY_COOLDOWN_SECONDS=2 is over: the key has its turn again
            fake.requests().clear();
            answer(fake, Map.of());
            for (int i = 0; i < 3; i++) {
                assertEquals(200, ask(gateway).statusCode());
            }
            assertTrue(keysSent(fake).contains(KEYS.get(1)), keysSent(fake).toString());
        }
    }

    @Test
    void everyKeyRefusedIsTheProviders401() throws Exception {
        try (FakeProvider fake = new FakeProvider(); RunningGateway gateway = RunningGateway.start(settings(fake,
                "gateway.upstream-retries", "2"))) {
            answer(fake, Map.of(KEYS.get(0), 401, KEYS.get(1), 403, KEYS.get(2), 401));
            HttpResponse<String> r = ask(gateway);
            assertEquals(401, r.statusCode(), r.body());
            assertEquals("invalid_api_key", Json.parse(r.body()).at("/error/code").asText(), r.body());
            assertEquals(Set.copyOf(KEYS), Set.copyOf(keysSent(fake)), "each key tried once, not retried: "
                    + keysSent(fake));
            assertEquals(3, keysSent(fake).size());
            assertFalse(r.body().contains("pool-key"), r.body());
        }
    }

    @Test
    void eachKeyHasItsOwnCircuitBreaker() throws Exception {
        try (FakeProvider fake = new FakeProvider(); RunningGateway gateway = RunningGateway.start(settings(fake,
                "gateway.breaker-min-calls", "2", "gateway.breaker-window", "2"))) {
            answer(fake, Map.of(KEYS.get(0), 500));
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                statuses.add(ask(gateway).statusCode());
            }
            assertEquals(2, keysSent(fake).stream().filter(KEYS.get(0)::equals).count(),
                    "the failing key's breaker opened after its 2 calls: " + keysSent(fake));
            assertEquals(List.of(200, 200, 200, 200, 200, 200), statuses.subList(6, 12),
                    "the other keys kept serving: " + statuses);
        }
    }

    @Test
    void aStreamWhoseKeyIsRefusedStreamsWithTheNextKey() throws Exception {
        try (FakeProvider fake = new FakeProvider(); RunningGateway gateway = RunningGateway.start(settings(fake))) {
            answer(fake, Map.of(KEYS.get(0), 401));
            for (int i = 0; i < 3; i++) {
                SseClient.Stream stream = SseClient.stream(gateway.baseUrl() + "/v1/chat/completions",
                        RunningGateway.KEY, chatBody("pool-model", true));
                assertEquals(200, stream.response.statusCode());
                List<String> events = stream.rest();
                assertTrue(events.get(0).contains("streamed"), events.toString());
                assertEquals("[DONE]", events.get(events.size() - 1));
            }
            assertEquals(1, keysSent(fake).stream().filter(KEYS.get(0)::equals).count(), keysSent(fake).toString());
        }
    }

    @Test
    void aBuiltInProviderTakesSeveralKeysInItsVariable() throws Exception {
        try (FakeProvider fake = new FakeProvider(); RunningGateway gateway = RunningGateway.start(Map.of(
                "openai.api-key", "sk-builtin-one-1, sk-builtin-two-2", "openai.api-base", fake.baseUrl() + "/v1"))) {
            fake.on("/v1/chat/completions", FakeProvider.json(200, completion("gpt-4o", "answered")));
            for (int i = 0; i < 4; i++) {
                assertEquals(200, SseClient.post(gateway.baseUrl() + "/v1/chat/completions", RunningGateway.KEY,
                        chatBody("gpt-4o", false)).statusCode());
            }
            List<String> sent = keysSent(fake);
            assertEquals(Set.of("sk-builtin-one-1", "sk-builtin-two-2"), Set.copyOf(sent));
            assertEquals(sent.subList(0, 2), sent.subList(2, 4), "in turn: " + sent);
        }
    }
}

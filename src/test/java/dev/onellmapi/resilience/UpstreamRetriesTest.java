package dev.onellmapi.resilience;

import dev.onellmapi.wire.Json;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.GatewayWithFake;
import dev.onellmapi.testing.RunningGateway;
import dev.onellmapi.testing.SseClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.onellmapi.testing.FakeProvider.data;
import static dev.onellmapi.testing.OpenAiFixtures.chatBody;
import static dev.onellmapi.testing.OpenAiFixtures.chunk;
import static dev.onellmapi.testing.OpenAiFixtures.completion;
import static dev.onellmapi.testing.OpenAiFixtures.finalChunk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * UPSTREAM_RETRIES: a connect failure and 429/500/502/503/529 are sent again (2 retries here, 50 ms apart and
 * doubling), other failures are not, a provider's Retry-After is waited out up to its cap, and nothing is retried
 * once the stream has begun.
 */
class UpstreamRetriesTest {
    private static final String SERVER_ERROR = "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}";
    private static final String PATH = "/v1/chat/completions";

    @RegisterExtension
    static final GatewayWithFake fx = new GatewayWithFake(fake -> Map.of(
            "openai.api-key", "k", "openai.api-base", fake.baseUrl() + "/v1",
            "gateway.upstream-retries", "2", "gateway.upstream-retry-delay-ms", "50",
            "gateway.upstream-retry-after-max-seconds", "3",
            "gateway.breaker-min-calls", "10000")); // the breaker has its own test

    private static HttpResponse<String> ask() throws Exception {
        return SseClient.post(fx.chatUrl(), RunningGateway.KEY, chatBody("gpt-4o", false));
    }

    private static FakeProvider.Answer failing(int status, Map<String, String> headers) {
        return FakeProvider.json(status, SERVER_ERROR, headers);
    }

    private static FakeProvider.Answer answer() {
        return FakeProvider.json(200, completion("gpt-4o", "second try"));
    }

    @Test
    void eachRetriedStatusIsSentAgainAndTheSecondAnswerReachesTheClient() throws Exception {
        for (int status : List.of(429, 500, 502, 503, 529)) {
            fx.fake().reset();
            fx.fake().on(PATH, FakeProvider.inTurn(failing(status, Map.of()), answer()));
            HttpResponse<String> r = ask();
            assertEquals(200, r.statusCode(), status + ": " + r.body());
            assertEquals("second try", Json.parse(r.body()).at("/choices/0/message/content").asText());
            assertEquals(2, fx.fake().requests().size(), "HTTP " + status);
        }
    }

    @Test
    void aConnectionClosedBeforeAnyAnswerIsSentAgain() throws Exception {
        fx.fake().on(PATH, FakeProvider.inTurn((request, exchange) -> exchange.close(), answer()));
        HttpResponse<String> r = ask();
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(2, fx.fake().requests().size(), "the closed call and its retry");
    }

    @Test
    void aProviderThatKeepsFailingIsTriedThreeTimesThenTheClientGetsItsError() throws Exception {
        fx.fake().on(PATH, failing(503, Map.of()));
        long start = System.nanoTime();
        HttpResponse<String> r = ask();
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(502, r.statusCode(), r.body());
        assertTrue(took >= 75, "back-off: at least 25 ms, then at least 50 ms (50 ms doubling, -50 % jitter): " + took);
        assertTrue(r.body().contains("boom"), r.body());
        assertEquals(3, fx.fake().requests().size(), "the call and UPSTREAM_RETRIES=2 retries");
    }

    @Test
    void otherFailuresAreNotRetried() throws Exception {
        for (int status : List.of(400, 401, 404, 504)) {
            fx.fake().reset();
            fx.fake().on(PATH, FakeProvider.inTurn(failing(status, Map.of()), answer()));
            HttpResponse<String> r = ask();
            assertTrue(r.statusCode() >= 400, status + ": " + r.body());
            assertEquals(1, fx.fake().requests().size(), "HTTP " + status + " is not sent again");
        }
    }

    @Test
    void retryAfterIsWaitedOutWhenItIsShort() throws Exception {
        fx.fake().on(PATH, FakeProvider.inTurn(failing(429, Map.of("Retry-After", "1")), answer()));
        long start = System.nanoTime();
        HttpResponse<String> r = ask();
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(2, fx.fake().requests().size());
        assertTrue(waited >= 900, "the retry came after the provider's Retry-After of 1 s, not after 50 ms: " + waited);
    }

    @Test
    void retryAfterLongerThanTheCapGoesBackToTheClientAtOnce() throws Exception {
        fx.fake().on(PATH, FakeProvider.inTurn(failing(429, Map.of("Retry-After", "120")), answer()));
        HttpResponse<String> r = ask();
        assertEquals(429, r.statusCode(), r.body());
        assertEquals("120", r.headers().firstValue("Retry-After").orElse(null));
        assertEquals(1, fx.fake().requests().size(), "120 s is over UPSTREAM_RETRY_AFTER_MAX_SECONDS=3");
    }

    @Test
    void aStreamIsRetriedBeforeItBegins() throws Exception {
        fx.fake().on(PATH, FakeProvider.inTurn(failing(503, Map.of()), FakeProvider.sse(List.of(
                data(chunk("gpt-4o", "Hi")), data(finalChunk("gpt-4o")), "data: [DONE]\n\n"))));
        SseClient.Stream stream = SseClient.stream(fx.chatUrl(), RunningGateway.KEY, chatBody("gpt-4o", true));
        assertEquals(200, stream.response.statusCode());
        List<String> events = stream.rest();
        assertTrue(events.get(0).contains("\"Hi\""), events.toString());
        assertEquals("[DONE]", events.get(events.size() - 1));
        assertEquals(2, fx.fake().requests().size());
    }

    @Test
    void aStreamThatBreaksAfterItsFirstChunkIsNeverSentAgain() throws Exception {
        fx.fake().on(PATH, (request, exchange) -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 100_000); // promises far more than it sends, then hangs up
            exchange.getResponseBody().write(data(chunk("gpt-4o", "Hi")).getBytes());
            exchange.getResponseBody().flush();
            Thread.sleep(200); // then the fake closes the exchange: the body ends short of its length
        });
        SseClient.Stream stream = SseClient.stream(fx.chatUrl(), RunningGateway.KEY, chatBody("gpt-4o", true));
        List<String> events = stream.rest();
        assertTrue(events.get(0).contains("\"Hi\""), events.toString());
        assertTrue(events.get(events.size() - 1).contains("\"error\""), "ends with an error event: " + events);
        assertEquals(1, fx.fake().requests().size(), "the client already had a chunk: no second call");
    }

    @Test
    void aStreamKeptOpenByPingsThroughItsRetriesEndsWithAnErrorEventWhenTheyAllFail() throws Exception {
        try (FakeProvider fake = new FakeProvider(); RunningGateway gateway = RunningGateway.start(Map.of(
                "openai.api-key", "k", "openai.api-base", fake.baseUrl() + "/v1",
                "gateway.upstream-retries", "1", "gateway.stream-ping-seconds", "1"))) {
            fake.on(PATH, failing(503, Map.of("Retry-After", "2")));
            SseClient.Stream stream = SseClient.stream(gateway.baseUrl() + "/v1/chat/completions", RunningGateway.KEY,
                    chatBody("gpt-4o", true));
            assertEquals(200, stream.response.statusCode(), "a ping began the stream while the retry waited");
            List<String> events = stream.rest();
            assertTrue(events.contains("#: ping"), events.toString());
            String last = events.get(events.size() - 1);
            assertTrue(last.contains("\"error\"") && last.contains("boom"), "the failure, not a silent [DONE]: " + events);
            assertEquals(2, fake.requests().size());
        }
    }

    @Test
    void aProviderThatCannotBeReachedAtFirstIsReachedOnARetry() throws Exception {
        int port = RunningGateway.freePort();
        try (RunningGateway gateway = RunningGateway.start(Map.of("openai.api-key", "k",
                "openai.api-base", "http://127.0.0.1:" + port + "/v1",
                "gateway.upstream-retries", "2", "gateway.upstream-retry-delay-ms", "1000"))) {
            CompletableFuture<HttpResponse<String>> answer = CompletableFuture.supplyAsync(() -> {
                try {
                    return SseClient.post(gateway.baseUrl() + "/v1/chat/completions", RunningGateway.KEY,
                            chatBody("gpt-4o", false));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(300); // the first attempt is refused; the first retry comes 500-1500 ms later
            try (FakeProvider late = new FakeProvider(port)) {
                late.on(PATH, answer());
                HttpResponse<String> r = answer.get(20, TimeUnit.SECONDS);
                assertEquals(200, r.statusCode(), r.body());
                assertNotNull(late.lastRequest());
            }
        }
    }
}

package dev.onellmapi.resilience;

import dev.onellmapi.wire.Json;
import dev.onellmapi.provider.UpstreamClient;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.GatewayWithFake;
import dev.onellmapi.testing.LogCapture;
import dev.onellmapi.testing.RunningGateway;
import dev.onellmapi.testing.SseClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.onellmapi.testing.FakeProvider.data;
import static dev.onellmapi.testing.OpenAiFixtures.chatBody;
import static dev.onellmapi.testing.OpenAiFixtures.chunk;
import static dev.onellmapi.testing.OpenAiFixtures.completion;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A provider that answers badly (cut-short or non-JSON answers, an answer or event larger than
 * UPSTREAM_MAX_RESPONSE_BYTES, garbage in a stream, a connection dropped mid-answer): the client gets an OpenAI-shaped
 * error and the gateway goes on serving (checked after every test).
 */
class HostileProviderTest {
    private static final String OPENAI = "/v1/chat/completions";
    private static final String OPENAI_KEY = "sk-upstream-openai-secret";
    private static final String ANTHROPIC_KEY = "sk-ant-upstream-secret";

    @RegisterExtension
    static final GatewayWithFake fx = new GatewayWithFake(fake -> Map.of(
            "openai.api-key", OPENAI_KEY, "openai.api-base", fake.baseUrl() + "/v1",
            "anthropic.api-key", ANTHROPIC_KEY, "anthropic.api-base", fake.baseUrl(),
            "gateway.upstream-max-response-bytes", "100000",
            "gateway.breaker-min-calls", "10000")); // bad answers count as failures; the breaker has its own test

    private static HttpResponse<String> ask(String model) throws Exception {
        return SseClient.post(fx.chatUrl(), RunningGateway.KEY, chatBody(model, false));
    }

    private static void assertOpenAiError(HttpResponse<String> r, int status, String code) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals(code, Json.parse(r.body()).at("/error/code").asText(), r.body());
    }

    @AfterEach
    void theGatewayStillServes() throws Exception {
        fx.fake().reset();
        fx.fake().on(OPENAI, FakeProvider.json(200, completion("gpt-4o", "still here")));
        assertEquals(200, ask("gpt-4o").statusCode());
    }

    @Test
    void answersThatAreNotCompleteJsonAre502() throws Exception {
        for (String broken : List.of("{\"id\":\"chatcmpl-1\",\"choices\":[", "<html>Bad gateway</html>", "", "[]")) {
            fx.fake().on(OPENAI, FakeProvider.json(200, broken));
            fx.fake().on("/v1/messages", FakeProvider.json(200, broken));
            assertOpenAiError(ask("gpt-4o"), 502, "upstream_invalid_response");
            HttpResponse<String> claude = ask("claude-3-haiku");
            assertEquals(502, claude.statusCode(), broken + ": " + claude.body());
        }
    }

    @Test
    void anAnswerLargerThanTheLimitIs502() throws Exception {
        String huge = completion("gpt-4o", "x".repeat(200_000));
        fx.fake().on(OPENAI, FakeProvider.json(200, huge));
        try (LogCapture log = new LogCapture()) {
            assertOpenAiError(ask("gpt-4o"), 502, "upstream_response_too_large");
            Thread.sleep(200); // the cut-off connection's reset comes after the answer
            assertEquals(List.of(), log.warnings(), "cutting an answer off is routine: nothing to log as an error");
        }
    }

    @Test
    void aStreamEventLargerThanTheLimitEndsTheStreamWithAnErrorEvent() throws Exception {
        fx.fake().on(OPENAI, FakeProvider.sse(List.of(data(chunk("gpt-4o", "Hi")),
                data(chunk("gpt-4o", "y".repeat(200_000))))));
        try (LogCapture log = new LogCapture()) {
            List<String> events = SseClient.stream(fx.chatUrl(), RunningGateway.KEY, chatBody("gpt-4o", true))
                    .rest();
            assertTrue(events.get(0).contains("\"Hi\""), events.toString());
            String last = events.get(events.size() - 1);
            assertEquals("upstream_response_too_large", Json.parse(last).at("/error/code").asText(), last);
            Thread.sleep(200);
            assertEquals(List.of(), log.warnings(), "cutting a stream off is routine: nothing to log as an error");
        }
    }

    @Test
    void garbageInAStreamEndsItWithAnErrorEventNotACrash() throws Exception {
        fx.fake().on(OPENAI, FakeProvider.sse(List.of(data(chunk("gpt-4o", "Hi")), "data: {not json at all\n\n",
                "\u0000\u0001 binary noise \n\n", data(chunk("gpt-4o", "after")))));
        List<String> events = SseClient.stream(fx.chatUrl(), RunningGateway.KEY, chatBody("gpt-4o", true)).rest();
        assertTrue(events.get(0).contains("\"Hi\""), events.toString());
        String last = events.get(events.size() - 1);
        assertTrue(last.equals("[DONE]") || Json.parse(last).has("error"), "ends cleanly: " + events);
        for (String e : events) {
            assertTrue(e.equals("[DONE]") || Json.parseObjectOrNull(e) != null, "every data payload is JSON: " + e);
        }
    }

    @Test
    void aProviderThatKeepsItsStreamOpenAfterDoneIsLetGo() throws Exception {
        fx.fake().on(OPENAI, (request, exchange) -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write((data(chunk("gpt-4o", "Hi")) + "data: [DONE]\n\n")
                    .getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            Thread.sleep(15_000); // and never ends its chunked body
        });
        UpstreamClient upstream = fx.gateway().main().getCamelContext().getRegistry()
                .lookupByNameAndType("upstreamClient", UpstreamClient.class);
        int before = upstream.callsInFlight();
        List<String> events = SseClient.stream(fx.chatUrl(), RunningGateway.KEY, chatBody("gpt-4o", true)).rest();
        assertEquals("[DONE]", events.get(events.size() - 1), "the client's stream ends at the provider's [DONE]");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (upstream.callsInFlight() > before && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(before, upstream.callsInFlight(), "the provider's connection is let go within seconds");
    }

    @Test
    void aConnectionDroppedMidAnswerIs502() throws Exception {
        fx.fake().on(OPENAI, (request, exchange) -> {
            exchange.sendResponseHeaders(200, 10_000); // promises 10,000 bytes, sends a few, hangs up
            exchange.getResponseBody().write("{\"id\":".getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
        });
        HttpResponse<String> r = ask("gpt-4o");
        assertEquals(502, r.statusCode(), r.body());
        assertTrue(Json.parse(r.body()).path("error").isObject(), r.body());
    }

    /** A provider (or a proxy before it) that echoes the credential it got: the client never sees the key. */
    @Test
    void aProviderKeyEchoedInAnErrorNeverReachesTheClient() throws Exception {
        fx.fake().on(OPENAI, (request, exchange) -> FakeProvider.json(401, "{\"error\":{\"message\":\"Bad key: "
                + request.header("Authorization") + " (and the gateway key " + RunningGateway.KEY + ")\"}}")
                .write(request, exchange));
        fx.fake().on("/v1/messages", (request, exchange) -> FakeProvider.json(403, "<html>denied for "
                + request.header("x-api-key") + "</html>").write(request, exchange));
        for (String model : List.of("gpt-4o", "claude-3-haiku")) {
            for (boolean stream : List.of(false, true)) {
                HttpResponse<String> r = SseClient.post(fx.chatUrl(), RunningGateway.KEY, chatBody(model, stream));
                assertTrue(r.statusCode() == 401 || r.statusCode() == 403, r.body());
                assertTrue(r.body().contains("[redacted]"), r.body());
                for (String secret : List.of(OPENAI_KEY, ANTHROPIC_KEY, RunningGateway.KEY)) {
                    assertFalse(r.body().contains(secret), r.body());
                }
            }
        }
    }

    /** A redirect (the gateway follows none) or a 304 is no answer: 502, never a 3xx without its Location. */
    @Test
    void aRedirectOrNotModifiedFromTheProviderIs502() throws Exception {
        for (int status : List.of(302, 307, 304)) {
            fx.fake().on(OPENAI, (request, exchange) -> {
                exchange.getResponseHeaders().add("Location", "http://127.0.0.1:1/elsewhere");
                exchange.sendResponseHeaders(status, -1);
            });
            for (boolean stream : List.of(false, true)) {
                HttpResponse<String> r = SseClient.post(fx.chatUrl(), RunningGateway.KEY, chatBody("gpt-4o", stream));
                assertOpenAiError(r, 502, "upstream_invalid_response");
                assertTrue(r.headers().firstValue("Location").isEmpty(), r.headers().toString());
            }
        }
    }
}

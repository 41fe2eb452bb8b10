package dev.onellmapi.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.onellmapi.wire.Json;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.GatewayWithFake;
import dev.onellmapi.testing.RunningGateway;
import dev.onellmapi.testing.SseClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static dev.onellmapi.testing.FakeProvider.data;
import static dev.onellmapi.testing.OpenAiFixtures.chatBody;
import static dev.onellmapi.testing.OpenAiFixtures.chunk;
import static dev.onellmapi.testing.OpenAiFixtures.completion;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every error row of the design's table, each answered in OpenAI's error shape. */
class GatewayErrorsTest {
    @RegisterExtension
    static final GatewayWithFake fx = new GatewayWithFake(fake -> Map.of(
                "gateway.api-keys", RunningGateway.KEY + ", second-key",
                "gateway.max-body-bytes", "4096",
                "gateway.upstream-timeout-seconds", "1",
                "openai.api-key", "sk-upstream",
                "openai.api-base", fake.baseUrl() + "/v1"));

    @BeforeEach
    void answerOkByDefault() {
        fx.fake().on("/v1/chat/completions", FakeProvider.json(200, completion("gpt-4o", "ok")));
    }

    private static JsonNode error(HttpResponse<String> r, int status) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/json"), r.body());
        JsonNode error = Json.parse(r.body()).path("error");
        assertTrue(error.path("message").isTextual(), r.body());
        assertTrue(error.has("type") && error.has("param") && error.has("code"), r.body());
        return error;
    }

    @Test
    void missingOrWrongKeyIs401AndEveryConfiguredKeyWorks() throws Exception {
        error(SseClient.post(fx.chatUrl(), null, chatBody("gpt-4o", false)), 401);
        assertEquals("invalid_api_key", error(SseClient.post(fx.chatUrl(), "nope", chatBody("gpt-4o", false)), 401)
                .path("code").asText());
        assertEquals(200, SseClient.post(fx.chatUrl(), RunningGateway.KEY, chatBody("gpt-4o", false)).statusCode());
        assertEquals(200, SseClient.post(fx.chatUrl(), "second-key", chatBody("gpt-4o", false)).statusCode());
        error(SseClient.get(fx.gateway().baseUrl() + "/v1/models", "nope"), 401);
    }

    /** platform-http copies query parameters into Camel's headers: a key in the URL must not pass for the header. */
    @Test
    void aKeyInTheQueryStringIs401() throws Exception {
        for (String name : new String[] {"Authorization", "authorization", "AUTHORIZATION"}) {
            String query = "?" + name + "=Bearer%20" + RunningGateway.KEY;
            error(SseClient.post(fx.chatUrl() + query, null, chatBody("gpt-4o", false)), 401);
            error(SseClient.get(fx.gateway().baseUrl() + "/v1/models" + query, null), 401);
        }
        assertTrue(fx.fake().requests().isEmpty(), "a request with the key in its URL reached the provider");
    }

    @Test
    void badRequestBodiesAre400BeforeAnyUpstreamCall() throws Exception {
        for (String body : List.of("not json", "[1,2]", "{\"model\":\"gpt-4o\"}",
                "{\"model\":\"gpt-4o\",\"messages\":[]}", "{\"model\":\"gpt-4o\",\"messages\":\"hi\"}",
                "{\"model\":42,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"wizard\",\"content\":\"x\"}]}",
                "{\"model\":\"gpt-4o\",\"messages\":[\"x\"]}",
                "{\"model\":\"gpt-4o\",\"stream\":\"yes\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                "{\"model\":\"gpt-4o,\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "")) {
            assertEquals("invalid_request_error",
                    error(SseClient.post(fx.chatUrl(), RunningGateway.KEY, body), 400).path("type").asText(), body);
        }
        assertEquals(0, fx.fake().requests().size());
    }

    @Test
    void unknownModelIs404ModelNotFoundAndNothingIsSent() throws Exception {
        for (String model : List.of("llama-3", "gpt-4o,mystery-model", "claude-3-haiku", "azure/nothing")) {
            JsonNode e = error(SseClient.post(fx.chatUrl(), RunningGateway.KEY, chatBody(model, false)), 404);
            assertEquals("model_not_found", e.path("code").asText(), model);
        }
        assertEquals(0, fx.fake().requests().size());
    }

    @Test
    void bodyOverTheLimitIs413() throws Exception {
        String big = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(5000)
                + "\"}]}";
        assertEquals("request_too_large", error(SseClient.post(fx.chatUrl(), RunningGateway.KEY, big), 413).path("code")
                .asText());
        assertEquals(0, fx.fake().requests().size());
    }

    @Test
    void unknownPathOrMethodIsAJson404() throws Exception {
        error(SseClient.get(fx.gateway().baseUrl() + "/v1/nothing-here", RunningGateway.KEY), 404);
        error(SseClient.get(fx.chatUrl(), RunningGateway.KEY), 404);
    }

    @Test
    void providerClientErrorKeepsStatusMessageAndCode() throws Exception {
        fx.fake().on("/v1/chat/completions", FakeProvider.json(400, "{\"error\":{\"message\":\"max_tokens is too "
                + "large\",\"type\":\"invalid_request_error\",\"param\":\"max_tokens\",\"code\":\"bad_max\"}}"));
        JsonNode e = error(SseClient.post(fx.chatUrl(), RunningGateway.KEY, chatBody("gpt-4o", false)), 400);
        assertEquals("max_tokens is too large", e.path("message").asText());
        assertEquals("bad_max", e.path("code").asText());
        assertEquals("max_tokens", e.path("param").asText());
    }

    @Test
    void provider429KeepsRetryAfter() throws Exception {
        fx.fake().on("/v1/chat/completions", FakeProvider.json(429, "{\"error\":{\"message\":\"slow down\","
                + "\"type\":\"rate_limit_error\"}}", Map.of("Retry-After", "7")));
        HttpResponse<String> r = SseClient.post(fx.chatUrl(), RunningGateway.KEY, chatBody("gpt-4o", false));
        assertEquals("slow down", error(r, 429).path("message").asText());
        assertEquals("7", r.headers().firstValue("retry-after").orElse(null));
        HttpResponse<String> streamed = SseClient.post(fx.chatUrl(), RunningGateway.KEY, chatBody("gpt-4o", true));
        error(streamed, 429);
        assertEquals("7", streamed.headers().firstValue("retry-after").orElse(null));
    }

    @Test
    void provider5xxIs502() throws Exception {
        fx.fake().on("/v1/chat/completions", FakeProvider.json(503, "<html>upstream down</html>"));
        JsonNode e = error(SseClient.post(fx.chatUrl(), RunningGateway.KEY, chatBody("gpt-4o", false)), 502);
        assertTrue(e.path("message").asText().contains("503"), e.toString());
    }

    @Test
    void unreachableProviderIs502() throws Exception {
        int closedPort = RunningGateway.freePort();
        try (RunningGateway g = RunningGateway.start(Map.of("openai.api-key", "sk-upstream",
                "openai.api-base", "http://127.0.0.1:" + closedPort + "/v1"))) {
            JsonNode e = error(SseClient.post(g.baseUrl() + "/v1/chat/completions", RunningGateway.KEY,
                    chatBody("gpt-4o", false)), 502);
            assertEquals("upstream_unreachable", e.path("code").asText());
            assertTrue(g.main().getCamelContext().isStarted(), "the gateway keeps serving");
        }
    }

    @Test
    void providerTimeoutIs504() throws Exception {
        fx.fake().on("/v1/chat/completions", (request, exchange) -> {
            Thread.sleep(3000);
            FakeProvider.json(200, completion("gpt-4o", "late")).write(request, exchange);
        });
        assertEquals("upstream_timeout", error(SseClient.post(fx.chatUrl(), RunningGateway.KEY, chatBody("gpt-4o", false)),
                504).path("code").asText());
        // a stream's call too: no head in time is a 504 before any event
        assertEquals("upstream_timeout", error(SseClient.post(fx.chatUrl(), RunningGateway.KEY, chatBody("gpt-4o", true)),
                504).path("code").asText());
    }

    @Test
    void aProviderThatStallsAfterItsHeadersIs504() throws Exception {
        fx.fake().on("/v1/chat/completions", (request, exchange) -> {
            exchange.sendResponseHeaders(200, 1000); // promises 1,000 bytes, sends six, then nothing
            exchange.getResponseBody().write("{\"id\":".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            Thread.sleep(3000);
        });
        assertEquals("upstream_timeout", error(SseClient.post(fx.chatUrl(), RunningGateway.KEY, chatBody("gpt-4o", false)),
                504).path("code").asText());
    }

    @Test
    void errorEventInsideAStreamReachesTheClientAsAnError() throws Exception {
        fx.fake().on("/v1/chat/completions", FakeProvider.sse(List.of(data(chunk("gpt-4o", "par")),
                data("{\"error\":{\"message\":\"server overloaded\",\"type\":\"server_error\"}}"))));
        SseClient.Stream s = SseClient.stream(fx.chatUrl(), RunningGateway.KEY, chatBody("gpt-4o", true));
        assertEquals(200, s.response.statusCode());
        assertEquals("par", Json.parse(s.next()).path("choices").path(0).path("delta").path("content").asText());
        List<String> rest = s.rest();
        assertEquals(1, rest.size(), rest.toString());
        assertTrue(Json.parse(rest.get(0)).path("error").path("message").asText().contains("server overloaded"));
    }

    @Test
    void streamCutOffByTheProviderEndsWithAnErrorEventNotSilence() throws Exception {
        fx.fake().on("/v1/chat/completions", (request, exchange) -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 100_000); // promises more than it sends, then closes
            exchange.getResponseBody().write(data(chunk("gpt-4o", "half")).getBytes());
            exchange.getResponseBody().flush();
            exchange.close();
        });
        SseClient.Stream s = SseClient.stream(fx.chatUrl(), RunningGateway.KEY, chatBody("gpt-4o", true));
        assertNotNull(s.next());
        List<String> rest = s.rest();
        assertEquals(1, rest.size(), rest.toString());
        assertEquals("stream_broken", Json.parse(rest.get(0)).path("error").path("code").asText());
    }

    @Test
    void streamEndingWithoutDoneOrFinishEndsWithAnError() throws Exception {
        CountDownLatch never = new CountDownLatch(0);
        fx.fake().on("/v1/chat/completions", FakeProvider.sse(List.of(data(chunk("gpt-4o", "a"))), never,
                List.of(data(chunk("gpt-4o", "b")))));
        SseClient.Stream s = SseClient.stream(fx.chatUrl(), RunningGateway.KEY, chatBody("gpt-4o", true));
        List<String> all = s.rest();
        assertEquals(3, all.size(), all.toString());
        assertEquals("stream_broken", Json.parse(all.get(2)).at("/error/code").asText(), all.toString());
    }
}

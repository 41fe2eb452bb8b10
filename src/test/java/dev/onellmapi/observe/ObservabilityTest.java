package dev.onellmapi.observe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.onellmapi.wire.Json;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.GatewayWithFake;
import dev.onellmapi.testing.RunningGateway;
import dev.onellmapi.testing.SseClient;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static dev.onellmapi.testing.FakeProvider.data;
import static dev.onellmapi.testing.OpenAiFixtures.chatBody;
import static dev.onellmapi.testing.OpenAiFixtures.chunk;
import static dev.onellmapi.testing.OpenAiFixtures.completion;
import static dev.onellmapi.testing.OpenAiFixtures.finalChunk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Camel's management server as an operator scrapes it: {@code /observe/health} with a check per provider breaker
 * (DOWN while open, the gateway still ready), {@code /observe/metrics} with the GenAI series after a call and a
 * stream; and {@code x-request-id} on every answer.
 */
class ObservabilityTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @RegisterExtension
    static final GatewayWithFake fx = new GatewayWithFake(fake -> Map.of(
            "openai.api-key", "sk-up", "openai.api-base", fake.baseUrl() + "/v1",
            "anthropic.api-key", "sk-ant-up", "anthropic.api-base", fake.baseUrl(),
            "gateway.breaker-min-calls", "2", "gateway.breaker-window", "2", "gateway.breaker-open-seconds", "300"));

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode check(JsonNode health, String name) {
        for (JsonNode check : health.path("checks")) {
            if (check.path("name").asText().equals(name)) {
                return check;
            }
        }
        throw new AssertionError("no check " + name + " in " + health);
    }

    @Test
    void anOpenBreakerIsThatProviderDownWhileTheGatewayStaysReady() throws Exception {
        String management = fx.gateway().managementUrl();
        JsonNode before = Json.parse(get(management + "/observe/health").body());
        assertEquals("UP", check(before, "provider-anthropic").path("status").asText(), before.toString());
        fx.fake().on("/v1/messages", FakeProvider.json(500, "{\"type\":\"error\",\"error\":{\"type\":\"api_error\","
                + "\"message\":\"down\"}}"));
        for (int i = 0; i < 3; i++) {
            SseClient.post(fx.chatUrl(), RunningGateway.KEY, chatBody("claude-3-haiku", false));
        }
        JsonNode after = Json.parse(get(management + "/observe/health").body());
        assertEquals("DOWN", check(after, "provider-anthropic").path("status").asText(), after.toString());
        assertEquals("UP", check(after, "provider-openai").path("status").asText(), after.toString());
        HttpResponse<String> ready = get(management + "/observe/health/ready");
        assertEquals(200, ready.statusCode(), ready.body());
        assertEquals("UP", Json.parse(ready.body()).path("status").asText(), ready.body());
        assertEquals(200, get(management + "/observe/health/live").statusCode());
    }

    @Test
    void metricsAfterACallAndAStreamHaveTheGenAiSeries() throws Exception {
        fx.fake().on("/v1/chat/completions", (request, exchange) -> {
            if (Json.parse(request.body()).path("stream").asBoolean()) {
                FakeProvider.sse(List.of(data(chunk("gpt-4o", "hi")), data(finalChunk("gpt-4o")),
                        data("{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\","
                                + "\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,"
                                + "\"total_tokens\":5}}"), "data: [DONE]\n\n")).write(request, exchange);
            } else {
                FakeProvider.json(200, completion("gpt-4o", "hello")).write(request, exchange);
            }
        });
        assertEquals(200, SseClient.post(fx.chatUrl(), RunningGateway.KEY, chatBody("gpt-4o", false)).statusCode());
        List<String> events = SseClient.stream(fx.chatUrl(), RunningGateway.KEY, chatBody("gpt-4o", true)).rest();
        assertEquals("[DONE]", events.get(events.size() - 1));
        String metrics = get(fx.gateway().managementUrl() + "/observe/metrics").body();
        for (String series : List.of("gen_ai_client_token_usage_bucket{", "gen_ai_token_type=\"input\"",
                "gen_ai_token_type=\"output\"", "gen_ai_client_operation_duration_seconds_count{",
                "gen_ai_server_time_to_first_token_seconds_count{", "gen_ai_provider_name=\"openai\"",
                "gen_ai_request_model=\"gpt-4o\"", "one_llm_api_streams_active", "camel_exchanges_total{")) {
            assertTrue(metrics.contains(series), series + " missing from /observe/metrics");
        }
        // Camel's route metrics for the door a request came in by, not for the direct: hops inside it
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("camel_exchanges_total{")
                && l.contains("routeId=\"chat-completions\"")), "the door's route metrics");
        assertFalse(metrics.contains("routeId=\"provider-router\""), "no route metrics for the hops");
        // a 400: a failure for the metrics, none for the breaker (the other test wants OpenAI's closed)
        fx.fake().on("/v1/chat/completions", FakeProvider.json(400, "{\"error\":{\"message\":\"bad\","
                + "\"type\":\"invalid_request_error\",\"code\":\"bad_thing\"}}"));
        SseClient.post(fx.chatUrl(), RunningGateway.KEY, chatBody("gpt-4o", false));
        String after = get(fx.gateway().managementUrl() + "/observe/metrics").body();
        assertTrue(after.lines().anyMatch(l -> l.startsWith("gen_ai_client_operation_duration_seconds_count{")
                && l.contains("error_type=\"bad_thing\"")),
                "a failure's duration is recorded with its error_type beside the answers' series");
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("gen_ai_client_token_usage_sum{")
                && l.contains("gen_ai_token_type=\"input\"") && l.contains("key_name=\"master\"")
                && Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)) >= 5), "input tokens were counted");
    }

    /**
     * The door's route metrics (DoorRouteMetrics, in place of Camel's policy) count each request once, for the route
     * and the context's totals, time it, and count a refused request as a handled failure, as Camel's policy did.
     */
    @Test
    void theDoorsRouteMetricsCountAndTimeEachRequestOnce() throws Exception {
        fx.fake().on("/v1/chat/completions", FakeProvider.json(200, completion("gpt-4o", "hello")));
        String route = "routeId=\"chat-completions\"";
        String context = "eventType=\"context\"";
        String before = get(fx.gateway().managementUrl() + "/observe/metrics").body();
        for (int i = 0; i < 3; i++) {
            assertEquals(200, SseClient.post(fx.chatUrl(), RunningGateway.KEY, chatBody("gpt-4o", false)).statusCode());
        }
        assertEquals(401, SseClient.post(fx.chatUrl(), "wrong", chatBody("gpt-4o", false)).statusCode());
        String after = get(fx.gateway().managementUrl() + "/observe/metrics").body();
        assertEquals(4, value(after, "camel_exchanges_total{", route) - value(before, "camel_exchanges_total{", route));
        assertEquals(4, value(after, "camel_exchanges_succeeded_total{", route)
                - value(before, "camel_exchanges_succeeded_total{", route));
        assertEquals(1, value(after, "camel_exchanges_failures_handled_total{", route)
                - value(before, "camel_exchanges_failures_handled_total{", route), "the 401, handled by the door");
        assertEquals(4, value(after, "camel_route_policy_seconds_count{", route)
                - value(before, "camel_route_policy_seconds_count{", route));
        assertTrue(value(after, "camel_route_policy_seconds_sum{", route)
                > value(before, "camel_route_policy_seconds_sum{", route), "the requests' time");
        // the context's totals count the door's exchanges too (and the management calls nothing: another server)
        assertEquals(4, value(after, "camel_exchanges_total{", context) - value(before, "camel_exchanges_total{", context));
    }

    /**
     * What nobody reads is not paid for on every request: no Camel event per exchange (the only notifier that did not
     * say it ignores them counts routes), no route policy on a hop. The routes' gauges are still there.
     */
    @Test
    void aRequestPaysForNoMetricNobodyReads() throws Exception {
        CamelContext camel = fx.gateway().main().getCamelContext();
        assertFalse(camel.getCamelContextExtension().isEventNotificationApplicable(), "Camel announces exchange events");
        for (String hop : List.of("chat-answer", "provider-router")) {
            assertEquals(List.of(), camel.getRoute(hop).getRoutePolicyList(), hop + "'s route policies");
        }
        assertFalse(camel.getRoute("chat-completions").getRoutePolicyList().isEmpty(), "the door's metrics");
        String metrics = get(fx.gateway().managementUrl() + "/observe/metrics").body();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("camel_routes_running") && !l.endsWith(" 0.0")),
                "Camel's route gauges");
    }

    /** The value of the one series that starts with {@code name} and has {@code label}, 0 when absent. */
    private static double value(String metrics, String name, String label) {
        List<String> lines = metrics.lines().filter(l -> l.startsWith(name) && l.contains(label)).toList();
        assertTrue(lines.size() <= 1, lines.toString());
        return lines.isEmpty() ? 0 : Double.parseDouble(lines.get(0).substring(lines.get(0).lastIndexOf(' ') + 1));
    }

    @Test
    void everyAnswerCarriesARequestIdTheClientsOwnWhenItIsSafe() throws Exception {
        fx.fake().on("/v1/chat/completions", FakeProvider.json(200, completion("gpt-4o", "hello")));
        HttpResponse<String> own = HTTP.send(HttpRequest.newBuilder(URI.create(fx.chatUrl()))
                .header("Authorization", "Bearer " + RunningGateway.KEY).header("x-request-id", "trace-42.a_b")
                .POST(HttpRequest.BodyPublishers.ofString(chatBody("gpt-4o", false))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("trace-42.a_b", own.headers().firstValue("x-request-id").orElse(""));
        HttpResponse<String> unsafe = HTTP.send(HttpRequest.newBuilder(URI.create(fx.chatUrl()))
                .header("Authorization", "Bearer " + RunningGateway.KEY).header("x-request-id", "a b<script>")
                .POST(HttpRequest.BodyPublishers.ofString(chatBody("gpt-4o", false))).build(),
                HttpResponse.BodyHandlers.ofString());
        String given = unsafe.headers().firstValue("x-request-id").orElse("");
        assertTrue(given.startsWith("req_"), given);
        for (HttpResponse<String> r : List.of(SseClient.post(fx.chatUrl(), "wrong-key", chatBody("gpt-4o", false)),
                get(fx.gateway().baseUrl() + "/nowhere"), get(fx.gateway().baseUrl() + "/health"),
                SseClient.post(fx.chatUrl(), RunningGateway.KEY, chatBody("no-such-model", true)))) {
            assertTrue(r.headers().firstValue("x-request-id").orElse("").startsWith("req_"), r.uri() + " "
                    + r.statusCode());
        }
        assertNotEquals(given, SseClient.post(fx.chatUrl(), RunningGateway.KEY, chatBody("gpt-4o", false)).headers()
                .firstValue("x-request-id").orElse(""));
    }
}

package dev.onellmapi.resilience;

import dev.onellmapi.wire.Json;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.GatewayWithFake;
import dev.onellmapi.testing.RunningGateway;
import dev.onellmapi.testing.SseClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.onellmapi.testing.OpenAiFixtures.chatBody;
import static dev.onellmapi.testing.OpenAiFixtures.completion;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The circuit breakers (4 calls, half of them failed: open for 1 s) and the Azure round robin: one breaker per
 * provider, one per Azure resource; a deployment on two resources is spread over both, and over the healthy one
 * only while the other's breaker is open (gpt-4o is an Azure deployment here; gpt-4o-mini goes to OpenAI). Each test uses its own breakers, so the order of the tests does not matter.
 */
class CircuitBreakersTest {
    private static final String FAILURE = "{\"error\":{\"message\":\"down\"}}";

    @RegisterExtension
    static final GatewayWithFake fx = new GatewayWithFake(fake -> Map.of(
            "openai.api-key", "k", "openai.api-base", fake.baseUrl() + "/v1",
            "azure.api-keys", "east:key-east;west:key-west",
            "azure.deployments", "gpt-4o;gpt-4o=gpt4o-west",
            "azure.api-base", fake.baseUrl() + "/{resource}", "azure.api-version", "2024-10-21",
            "gateway.breaker-window", "4", "gateway.breaker-min-calls", "4",
            "gateway.breaker-failure-rate", "50", "gateway.breaker-open-seconds", "1"));

    private static HttpResponse<String> ask(String model) throws Exception {
        return SseClient.post(fx.chatUrl(), RunningGateway.KEY, chatBody(model, false));
    }

    private static long sent(String pathPrefix) {
        return fx.fake().requests().stream().filter(r -> r.pathAndQuery().startsWith(pathPrefix)).count();
    }

    @Test
    void aProviderThatKeepsFailingIsLeftAloneForTheCoolDownThenTriedAgain() throws Exception {
        fx.fake().on("/v1/chat/completions", FakeProvider.json(500, FAILURE));
        for (int i = 0; i < 4; i++) {
            assertEquals(502, ask("gpt-4o-mini").statusCode());
        }
        HttpResponse<String> refused = ask("gpt-4o-mini");
        assertEquals(503, refused.statusCode(), refused.body());
        assertEquals("circuit_open", Json.parse(refused.body()).at("/error/code").asText());
        assertEquals("1", refused.headers().firstValue("Retry-After").orElse(null));
        assertEquals(4, sent("/v1/"), "nothing sent while the breaker is open");

        Thread.sleep(1500); // past CIRCUIT_BREAKER_OPEN_SECONDS=1
        fx.fake().on("/v1/chat/completions", FakeProvider.json(200, completion("gpt-4o", "back")));
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> r = ask("gpt-4o-mini");
            assertEquals(200, r.statusCode(), "call " + i + " after the cool-down: " + r.body());
        }
        assertEquals(9, sent("/v1/"));
    }

    @Test
    void aDeploymentOnTwoAzureResourcesIsSpreadOverBothThenOverTheHealthyOneOnly() throws Exception {
        fx.fake().on("/east/", FakeProvider.json(200, completion("gpt-4o", "east")));
        fx.fake().on("/west/", FakeProvider.json(200, completion("gpt-4o", "west")));
        List<String> answeredBy = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            answeredBy.add(Json.parse(ask("gpt-4o").body()).at("/choices/0/message/content").asText());
        }
        assertEquals(2, answeredBy.stream().filter("east"::equals).count(), answeredBy.toString());
        assertEquals(2, answeredBy.stream().filter("west"::equals).count(), answeredBy.toString());
        assertTrue(fx.fake().requests().stream().anyMatch(r ->
                r.pathAndQuery().startsWith("/west/openai/deployments/gpt4o-west/") && "key-west".equals(r.header("api-key"))),
                "west gets its own deployment name and key");

        fx.fake().reset();
        fx.fake().on("/east/", FakeProvider.json(500, FAILURE));
        fx.fake().on("/west/", FakeProvider.json(200, completion("gpt-4o", "west")));
        for (int i = 0; i < 8; i++) {
            ask("gpt-4o"); // east fails every call it gets until its breaker opens
        }
        long eastCalls = sent("/east/");
        fx.fake().requests().clear();
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> r = ask("gpt-4o");
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("west", Json.parse(r.body()).at("/choices/0/message/content").asText());
        }
        assertTrue(eastCalls >= 2, "east was tried before its breaker opened: " + eastCalls);
        assertEquals(0, sent("/east/"), "east's breaker is open: every call goes to west");
    }

    @Test
    void aRetryGoesToTheNextAzureResource() throws Exception {
        try (FakeProvider fake = new FakeProvider(); RunningGateway gateway = RunningGateway.start(Map.of(
                "azure.api-keys", "east:key-east;west:key-west", "azure.deployments", "gpt-4o;gpt-4o",
                "azure.api-base", fake.baseUrl() + "/{resource}", "azure.api-version", "2024-10-21",
                "gateway.upstream-retries", "1", "gateway.upstream-retry-delay-ms", "10"))) {
            fake.on("/east/", FakeProvider.json(503, FAILURE));
            fake.on("/west/", FakeProvider.json(200, completion("gpt-4o", "west")));
            for (int i = 0; i < 4; i++) {
                HttpResponse<String> r = SseClient.post(gateway.baseUrl() + "/v1/chat/completions",
                        RunningGateway.KEY, chatBody("gpt-4o", false));
                assertEquals(200, r.statusCode(), r.body());
            }
            long east = fake.requests().stream().filter(r -> r.pathAndQuery().startsWith("/east/")).count();
            assertEquals(2, east, "every other first attempt went to east, and its retry to west");
        }
    }
}

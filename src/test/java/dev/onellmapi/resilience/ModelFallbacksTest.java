package dev.onellmapi.resilience;

import com.fasterxml.jackson.databind.JsonNode;
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

import static dev.onellmapi.provider.anthropic.AnthropicFixtures.blockStart;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.blockStop;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.messageDelta;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.messageStart;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.messageStop;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.textDelta;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.textMessage;
import static dev.onellmapi.testing.OpenAiFixtures.chatBody;
import static dev.onellmapi.testing.OpenAiFixtures.completion;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MODEL_FALLBACKS: after its retries, a model that still fails (5xx, 429, timeout) hands the request to the next
 * model of its list, on another provider too; a request the provider refused (400) does not move on.
 */
class ModelFallbacksTest {
    private static final String OPENAI = "/v1/chat/completions";
    private static final String ANTHROPIC = "/v1/messages";

    @RegisterExtension
    static final GatewayWithFake fx = new GatewayWithFake(fake -> Map.of(
            "openai.api-key", "k", "openai.api-base", fake.baseUrl() + "/v1",
            "anthropic.api-key", "sk-ant", "anthropic.api-base", fake.baseUrl(),
            "gateway.model-fallbacks", "gpt-4o=claude-3-5-sonnet-latest,gpt-4o-mini;gpt-4o-mini=claude-3-haiku",
            "gateway.upstream-retries", "1", "gateway.upstream-retry-delay-ms", "10",
            "gateway.upstream-timeout-seconds", "1", "gateway.breaker-min-calls", "10000"));

    private static FakeProvider.Answer error(int status) {
        return FakeProvider.json(status, "{\"error\":{\"message\":\"fails with " + status + "\"}}");
    }

    /** The OpenAI fake answers per model in the body: gpt-4o and gpt-4o-mini share one path. */
    private static FakeProvider.Answer byModel(Map<String, FakeProvider.Answer> answers) {
        return (request, exchange) -> answers.get(Json.parse(request.body()).path("model").asText())
                .write(request, exchange);
    }

    private static long sent(String path) {
        return fx.fake().requests().stream().filter(r -> r.pathAndQuery().startsWith(path)).count();
    }

    private static HttpResponse<String> ask(String model) throws Exception {
        return SseClient.post(fx.chatUrl(), RunningGateway.KEY, chatBody(model, false));
    }

    @Test
    void aFailingModelIsAnsweredByItsFallbackOnAnotherProvider() throws Exception {
        fx.fake().on(OPENAI, error(503));
        fx.fake().on(ANTHROPIC, FakeProvider.json(200, textMessage("Claude here")));
        HttpResponse<String> r = ask("gpt-4o");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode answer = Json.parse(r.body());
        assertEquals("Claude here", answer.at("/choices/0/message/content").asText());
        assertTrue(answer.path("model").asText().startsWith("claude-"), "says which model answered: " + answer);
        assertEquals(2, sent(OPENAI), "gpt-4o and its one retry");
        assertEquals(1, sent(ANTHROPIC));
    }

    @Test
    void theListIsFollowedInOrderAndTheLastFailureIsTheAnswer() throws Exception {
        fx.fake().on(OPENAI, byModel(Map.of("gpt-4o", error(500), "gpt-4o-mini", error(429))));
        fx.fake().on(ANTHROPIC, error(529));
        HttpResponse<String> r = ask("gpt-4o");
        assertEquals(429, r.statusCode(), "gpt-4o-mini, last of the list, answered 429: " + r.body());
        List<String> models = fx.fake().requests().stream()
                .map(q -> Json.parseObjectOrNull(q.body()).path("model").asText()).distinct().toList();
        assertEquals(List.of("gpt-4o", "claude-3-5-sonnet-latest", "gpt-4o-mini"), models);
    }

    @Test
    void aRequestTheProviderRefusedDoesNotMoveOn() throws Exception {
        fx.fake().on(OPENAI, error(400));
        fx.fake().on(ANTHROPIC, FakeProvider.json(200, textMessage("never")));
        HttpResponse<String> r = ask("gpt-4o");
        assertEquals(400, r.statusCode(), r.body());
        assertEquals(0, sent(ANTHROPIC));
    }

    @Test
    void aTimeoutMovesOnToTheFallback() throws Exception {
        fx.fake().on(OPENAI, (request, exchange) -> {
            Thread.sleep(2500); // past UPSTREAM_TIMEOUT_SECONDS=1
            error(500).write(request, exchange);
        });
        fx.fake().on(ANTHROPIC, FakeProvider.json(200, textMessage("Claude after a timeout")));
        HttpResponse<String> r = ask("gpt-4o");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(1, sent(OPENAI), "a timeout is not retried");
    }

    @Test
    void aStreamFallsBackBeforeItsFirstChunk() throws Exception {
        fx.fake().on(OPENAI, error(502));
        fx.fake().on(ANTHROPIC, FakeProvider.sse(List.of(messageStart(), blockStart(0, "{\"type\":\"text\",\"text\":\"\"}"),
                textDelta(0, "streamed by Claude"), blockStop(0), messageDelta("end_turn", 3), messageStop())));
        SseClient.Stream stream = SseClient.stream(fx.chatUrl(), RunningGateway.KEY, chatBody("gpt-4o", true));
        assertEquals(200, stream.response.statusCode());
        List<String> events = stream.rest();
        assertTrue(events.stream().anyMatch(e -> e.contains("streamed by Claude")), events.toString());
        assertEquals("[DONE]", events.get(events.size() - 1));
    }

    @Test
    void inAMultiModelRequestTheChoiceNamesTheFallbackThatAnswered() throws Exception {
        fx.fake().on(OPENAI, byModel(Map.of("gpt-4o", error(503),
                "gpt-4o-mini", FakeProvider.json(200, completion("gpt-4o-mini", "mini here")))));
        fx.fake().on(ANTHROPIC, FakeProvider.json(200, textMessage("Claude instead of gpt-4o")));
        HttpResponse<String> r = ask("gpt-4o,gpt-4o-mini");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode choices = Json.parse(r.body()).path("choices");
        assertEquals("claude-3-5-sonnet-latest", choices.path(0).path("model").asText());
        assertEquals("Claude instead of gpt-4o", choices.path(0).at("/message/content").asText());
        assertEquals("gpt-4o-mini", choices.path(1).path("model").asText());
    }
}

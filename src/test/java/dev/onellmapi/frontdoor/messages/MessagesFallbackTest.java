package dev.onellmapi.frontdoor.messages;

import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.GatewayWithFake;
import dev.onellmapi.testing.RunningGateway;
import dev.onellmapi.wire.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MODEL_FALLBACKS on the Messages door. A passed-through Claude request falls back only to Claude models (the client's
 * Anthropic body, passed on as sent, means nothing to OpenAI); a translated one falls back to any model.
 */
class MessagesFallbackTest {
    static final String OVERLOADED = "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
            + "\"message\":\"Overloaded\"}}";
    static final String HAIKU = "{\"id\":\"msg_01\",\"type\":\"message\",\"role\":\"assistant\",\"model\":"
            + "\"claude-haiku-4-5\",\"content\":[{\"type\":\"text\",\"text\":\"Hi\"}],\"stop_reason\":\"end_turn\","
            + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}";

    @RegisterExtension
    static final GatewayWithFake fx = new GatewayWithFake(fake -> Map.of("anthropic.api-key", "sk-ant",
            "anthropic.api-base", fake.baseUrl(), "openai.api-key", "sk-openai", "openai.api-base",
            fake.baseUrl() + "/v1", "gateway.upstream-retries", "0",
            "gateway.model-fallbacks", "claude-sonnet-4-5=gpt-4o,claude-haiku-4-5;gpt-4o=claude-haiku-4-5"));

    @Test
    void aClaudeRequestFallsBackToTheNextClaudeModelOnly() throws Exception {
        fx.fake().on("/v1/messages", FakeProvider.inTurn(FakeProvider.json(529, OVERLOADED),
                FakeProvider.json(200, HAIKU)));
        fx.fake().on("/v1/chat/completions", FakeProvider.json(500, "{}"));
        String body = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"Hi\",\"cache_control\":{\"type\":\"ephemeral\"}}]}]}";
        HttpResponse<String> answer = post(body);
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals("claude-haiku-4-5", Json.parse(answer.body()).get("model").asText());
        assertEquals(2, fx.fake().requests().size(), "gpt-4o, not Claude, was skipped: " + fx.fake().requests());
        FakeProvider.Request second = fx.fake().requests().get(1);
        assertEquals("/v1/messages", second.pathAndQuery());
        assertEquals(body.replace("claude-sonnet-4-5", "claude-haiku-4-5"), second.body(), "passed through as sent");
    }

    @Test
    void aTranslatedRequestFallsBackToClaude() throws Exception {
        fx.fake().on("/v1/chat/completions", FakeProvider.json(503, "{\"error\":{\"message\":\"busy\"}}"));
        fx.fake().on("/v1/messages", FakeProvider.json(200, HAIKU));
        HttpResponse<String> answer = post("{\"model\":\"gpt-4o\",\"max_tokens\":64,\"messages\":[{\"role\":"
                + "\"user\",\"content\":\"Hi\"}]}");
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals("message", Json.parse(answer.body()).get("type").asText());
        assertTrue(fx.fake().lastRequest().body().contains("\"model\":\"claude-haiku-4-5\""));
    }

    private static HttpResponse<String> post(String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(fx.gateway().baseUrl()
                        + "/v1/messages")).header("x-api-key", RunningGateway.KEY)
                .header("anthropic-version", "2023-06-01").header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}

package dev.onellmapi.frontdoor.responses;

import com.fasterxml.jackson.databind.JsonNode;
import dev.onellmapi.wire.Json;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.GatewayWithFake;
import dev.onellmapi.testing.OpenAiFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Configured OpenAI-compatible servers: one whose API has Responses ({@code responses = true}) gets the request passed
 * through to its {@code /responses}; a chat-only one gets it translated to its {@code /chat/completions}.
 */
class ResponsesConfiguredProvidersTest {
    @RegisterExtension
    static final GatewayWithFake fx = new GatewayWithFake(fake -> Map.of(
            "gateway.providers.vllm.type", "openai",
            "gateway.providers.vllm.api-base", fake.baseUrl() + "/vllm/v1",
            "gateway.providers.vllm.models", "gpt-oss-*",
            "gateway.providers.vllm.responses", "true",
            "gateway.providers.ollama.type", "openai",
            "gateway.providers.ollama.api-base", fake.baseUrl() + "/ollama/v1",
            "gateway.providers.ollama.models", "qwen*"));

    @Test
    void aServerWithResponsesGetsTheRequestAsSent() throws Exception {
        String answer = "{\"id\":\"resp_v\",\"object\":\"response\",\"status\":\"completed\",\"output\":[]}";
        fx.fake().on("/vllm/v1/responses", FakeProvider.json(200, answer));
        HttpResponse<byte[]> response = ResponsesRelayTest.post(fx.gateway(),
                "{\"model\":\"vllm/gpt-oss-20b\",\"input\":\"hi\",\"tools\":[{\"type\":\"web_search\"}]}", Map.of());
        assertEquals(200, response.statusCode());
        assertEquals(answer, new String(response.body(), StandardCharsets.UTF_8));
        assertEquals("{\"model\":\"gpt-oss-20b\",\"input\":\"hi\",\"tools\":[{\"type\":\"web_search\"}]}",
                fx.fake().lastRequest().body());
    }

    @Test
    void aChatOnlyServerGetsItTranslated() throws Exception {
        fx.fake().on("/ollama/v1/chat/completions", FakeProvider.json(200,
                OpenAiFixtures.completion("qwen2.5", "Hello from qwen")));
        HttpResponse<byte[]> response = ResponsesRelayTest.post(fx.gateway(),
                "{\"model\":\"qwen2.5\",\"input\":\"hi\",\"store\":false}", Map.of());
        assertEquals(200, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        JsonNode body = Json.parse(response.body());
        assertEquals("response", body.get("object").asText());
        assertEquals("Hello from qwen", body.at("/output/0/content/0/text").asText());
        assertEquals("hi", Json.parse(fx.fake().lastRequest().body()).at("/messages/0/content/0/text").asText());
    }
}

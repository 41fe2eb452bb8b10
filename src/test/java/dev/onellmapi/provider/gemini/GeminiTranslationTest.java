package dev.onellmapi.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.onellmapi.json.Json;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.GatewayWithFake;
import dev.onellmapi.testing.RunningGateway;
import dev.onellmapi.testing.SseClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static dev.onellmapi.provider.gemini.GeminiFixtures.GENERATE;
import static dev.onellmapi.provider.gemini.GeminiFixtures.STREAM;
import static dev.onellmapi.provider.gemini.GeminiFixtures.answer;
import static dev.onellmapi.provider.gemini.GeminiFixtures.textEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What real clients send to Gemini, translated as Gemini takes it: streamed and not. */
class GeminiTranslationTest {
    @RegisterExtension
    static final GatewayWithFake fx = new GatewayWithFake(fake -> Map.of("gemini.api-key", "goog-key",
            "gemini.api-base", fake.baseUrl()));

    static HttpResponse<String> post(String json) throws Exception {
        return SseClient.post(fx.chatUrl(), RunningGateway.KEY, json);
    }

    static List<String> stream(String json) throws Exception {
        return SseClient.stream(fx.chatUrl(), RunningGateway.KEY, json).rest();
    }

    static JsonNode sent() throws Exception {
        return Json.parse(fx.fake().lastRequest().body());
    }

    @Test
    void toolChoiceWithoutToolsSendsNoToolConfig() throws Exception {
        // Spring AI's default: tool_choice "auto" on every chat, tools or not
        String body = "{\"model\":\"gemini-1.5-flash\",\"tool_choice\":\"auto\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]";
        fx.fake().on(GENERATE, FakeProvider.json(200, answer("Hello")));
        HttpResponse<String> r = post(body + "}");
        assertEquals(200, r.statusCode(), r.body());
        assertFalse(sent().has("toolConfig"), sent().toString());
        assertFalse(sent().has("tools"));

        fx.fake().on(STREAM, FakeProvider.sse(List.of(textEvent("Hello", "STOP", 3, 1))));
        List<String> chunks = stream(body + ",\"stream\":true}");
        assertEquals("[DONE]", chunks.get(chunks.size() - 1));
        assertFalse(sent().has("toolConfig"), sent().toString());

        // with tools it is still sent
        post(body + ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"now\"}}]}");
        assertEquals("AUTO", sent().path("toolConfig").path("functionCallingConfig").path("mode").asText());
        assertTrue(sent().has("tools"));
    }
}

package dev.onellmapi.provider.anthropic;

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

import static dev.onellmapi.provider.anthropic.AnthropicFixtures.blockStop;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.messageDelta;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.messageStart;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.messageStop;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.textDelta;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.textMessage;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.textStart;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What real clients send to Claude, translated as Anthropic takes it: streamed and not. */
class AnthropicTranslationTest {
    @RegisterExtension
    static final GatewayWithFake fx = new GatewayWithFake(AnthropicFixtures::settings);

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
    void webImageUrlsGoAsUrlSourcesForAnthropicToFetchStreamedOrNot() throws Exception {
        String url = fx.fake().baseUrl() + "/pics/cat.jpg"; // the fake itself: a fetch by the gateway would show
        String body = "{\"model\":\"claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\",\"content\":["
                + "{\"type\":\"text\",\"text\":\"What is it?\"},{\"type\":\"image_url\",\"image_url\":{\"url\":\"" + url
                + "\",\"detail\":\"auto\"}}]}]";
        JsonNode expected = Json.parse("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What is it?\"},"
                + "{\"type\":\"image\",\"source\":{\"type\":\"url\",\"url\":\"" + url + "\"}}]}]");
        fx.fake().on("/v1/messages", FakeProvider.json(200, textMessage("A cat")));
        HttpResponse<String> r = post(body + "}");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(expected, sent().get("messages"));

        fx.fake().on("/v1/messages", FakeProvider.sse(List.of(messageStart(), textStart(0), textDelta(0, "A cat"),
                blockStop(0), messageDelta("end_turn", 2), messageStop())));
        List<String> chunks = stream(body + ",\"stream\":true}");
        assertEquals("A cat", Json.parse(chunks.get(1)).path("choices").get(0).path("delta").path("content").asText());
        assertEquals(expected, sent().get("messages"));
        assertEquals(2, fx.fake().requests().size());
        fx.fake().requests().forEach(q -> assertEquals("/v1/messages", q.pathAndQuery(), "never fetched by us"));

        HttpResponse<String> refused = post("{\"model\":\"claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\","
                + "\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"ftp://example.com/cat.jpg\"}}]}]}");
        assertEquals(400, refused.statusCode());
        assertTrue(refused.body().contains("http(s) URL"), refused.body());
    }
}

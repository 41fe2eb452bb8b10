package dev.onellmapi.provider.gemini;

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

    @Test
    void webImageUrlsGoAsFileDataForGoogleToFetchStreamedOrNot() throws Exception {
        String image = "{\"type\":\"image_url\",\"image_url\":{\"url\":\"" + fx.fake().baseUrl().replace("http:", "https:")
                + "/pics/cat.PNG?size=large\",\"detail\":\"high\"}}";
        String body = "{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":["
                + "{\"type\":\"text\",\"text\":\"What is it?\"}," + image + "]}]";
        JsonNode expected = Json.parse("[{\"text\":\"What is it?\"},{\"fileData\":{\"mimeType\":\"image/png\","
                + "\"fileUri\":\"" + fx.fake().baseUrl().replace("http:", "https:") + "/pics/cat.PNG?size=large\"}}]");
        fx.fake().on("/v1beta/models/", FakeProvider.json(200, answer("A cat")));
        HttpResponse<String> r = post(body + "}");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(expected, sent().path("contents").get(0).get("parts"));

        fx.fake().on("/v1beta/models/", FakeProvider.sse(List.of(textEvent("A cat", "STOP", 3, 1))));
        List<String> chunks = stream(body + ",\"stream\":true}");
        assertEquals("A cat", Json.parse(chunks.get(1)).path("choices").get(0).path("delta").path("content").asText());
        assertEquals(expected, sent().path("contents").get(0).get("parts"));
        assertEquals(2, fx.fake().requests().size(), "the gateway never fetched the image itself");
        fx.fake().requests().forEach(q -> assertTrue(q.pathAndQuery().startsWith("/v1beta/models/gemini-2.5-flash:")));

        // Google's own URIs (YouTube, the Files API) carry their type themselves
        post("{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\","
                + "\"image_url\":{\"url\":\"https://www.youtube.com/watch?v=9hE5-98ZeCg\"}}]}]}");
        assertEquals(Json.parse("[{\"fileData\":{\"fileUri\":\"https://www.youtube.com/watch?v=9hE5-98ZeCg\"}}]"),
                sent().path("contents").get(0).get("parts"));
    }

    @Test
    void aWebImageUrlGoogleWouldNotTakeIsAClear400() throws Exception {
        fx.fake().on("/v1beta/models/", FakeProvider.json(200, answer("never")));
        for (String[] c : new String[][]{{"gemini-2.0-flash", "https://example.com/cat.png", "data: URL"},
                {"gemini-2.5-flash", "http://example.com/cat.png", "https://"},
                {"gemini-2.5-flash", "https://example.com/image?id=7", "image type"}}) {
            for (boolean streamed : List.of(false, true)) {
                HttpResponse<String> r = post("{\"model\":\"" + c[0] + "\",\"stream\":" + streamed + ",\"messages\":["
                        + "{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"" + c[1]
                        + "\"}}]}]}");
                assertEquals(400, r.statusCode(), r.body());
                assertTrue(Json.parse(r.body()).path("error").path("message").asText().contains(c[2]), r.body());
            }
        }
        assertEquals(List.of(), fx.fake().requests());
    }

    @Test
    void jsonSchemaAsksGeminiForJsonAndTheStreamedContentIsTheJsonText() throws Exception {
        fx.fake().on("/v1beta/models/", FakeProvider.sse(List.of(textEvent("{\\\"city\\\":", null, 3, 1),
                textEvent("\\\"Paris\\\"}", "STOP", 3, 4))));
        List<String> chunks = stream("{\"model\":\"gemini-2.5-flash\",\"stream\":true,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Where is the Louvre?\"}],\"response_format\":{\"type\":\"json_schema\",\"json_schema\":"
                + "{\"name\":\"place\",\"strict\":true,\"schema\":{\"type\":\"object\",\"additionalProperties\":false,"
                + "\"properties\":{\"city\":{\"type\":\"string\",\"format\":\"uri\"}},\"required\":[\"city\"]}}}}");
        StringBuilder content = new StringBuilder();
        for (String c : chunks.subList(0, chunks.size() - 1)) {
            content.append(Json.parse(c).path("choices").path(0).path("delta").path("content").asText(""));
        }
        assertEquals(Json.parse("{\"city\":\"Paris\"}"), Json.parse(content.toString()));
        JsonNode config = sent().get("generationConfig");
        assertEquals("application/json", config.path("responseMimeType").asText());
        assertEquals(Json.parse("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
                + "\"required\":[\"city\"]}"), config.get("responseSchema"), "cleaned of what Gemini refuses");
    }

    @Test
    void reasoningEffortIsAThinkingConfigAndTheThoughtsComeBackAsReasoningContent() throws Exception {
        String thought = "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Paris is in France.\","
                + "\"thought\":true},{\"text\":\"Paris.\"}]},\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":"
                + "{\"promptTokenCount\":5,\"candidatesTokenCount\":2,\"thoughtsTokenCount\":40,\"totalTokenCount\":47}}";
        fx.fake().on("/v1beta/models/", FakeProvider.json(200, thought));
        HttpResponse<String> r = post("{\"model\":\"gemini-2.5-flash\",\"reasoning_effort\":\"low\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Capital of France?\"}]}");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode message = Json.parse(r.body()).path("choices").get(0).path("message");
        assertEquals("Paris.", message.path("content").asText());
        assertEquals("Paris is in France.", message.path("reasoning_content").asText());
        assertEquals(40, Json.parse(r.body()).path("usage").path("completion_tokens_details").path("reasoning_tokens")
                .asInt());
        assertEquals(Json.parse("{\"thinkingBudget\":1024,\"includeThoughts\":true}"),
                sent().path("generationConfig").get("thinkingConfig"));

        fx.fake().on("/v1beta/models/", FakeProvider.sse(List.of(
                GeminiFixtures.event("{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":"
                        + "\"Paris is \",\"thought\":true}]},\"index\":0}]}"),
                GeminiFixtures.event("{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":"
                        + "\"in France.\",\"thought\":true}]},\"index\":0}]}"),
                textEvent("Paris.", "STOP", 5, 2))));
        List<String> chunks = stream("{\"model\":\"gemini-3-pro-preview\",\"stream\":true,\"reasoning_effort\":"
                + "\"high\",\"messages\":[{\"role\":\"user\",\"content\":\"Capital of France?\"}]}");
        StringBuilder reasoning = new StringBuilder();
        StringBuilder content = new StringBuilder();
        for (String c : chunks.subList(0, chunks.size() - 1)) {
            JsonNode delta = Json.parse(c).path("choices").path(0).path("delta");
            reasoning.append(delta.path("reasoning_content").asText(""));
            content.append(delta.path("content").asText(""));
        }
        assertEquals("Paris is in France.", reasoning.toString());
        assertEquals("Paris.", content.toString());
        assertEquals(Json.parse("{\"thinkingLevel\":\"high\",\"includeThoughts\":true}"),
                sent().path("generationConfig").get("thinkingConfig"));

        post("{\"model\":\"gemini-2.5-flash\",\"reasoning_effort\":\"none\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Hi\"}]}");
        assertEquals(Json.parse("{\"thinkingBudget\":0}"), sent().path("generationConfig").get("thinkingConfig"));
    }
}

package dev.onellmapi.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import dev.onellmapi.wire.Json;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.GatewayWithFake;
import dev.onellmapi.testing.RunningGateway;
import dev.onellmapi.testing.SseClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static dev.onellmapi.provider.gemini.GeminiFixtures.STREAM;
import static dev.onellmapi.provider.gemini.GeminiFixtures.event;
import static dev.onellmapi.provider.gemini.GeminiFixtures.googleError;
import static dev.onellmapi.provider.gemini.GeminiFixtures.textEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Gemini streaming against a fake Gemini that writes SSE with CRLF line ends, as Gemini does. */
class GeminiStreamTest {
    @RegisterExtension
    static final GatewayWithFake fx = new GatewayWithFake(fake -> Map.of("gemini.api-key", "goog-key", "gemini.api-base", fake.baseUrl()));

    @Test
    void chunksReachTheClientWhileGeminiHoldsTheRest() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        fx.fake().on(STREAM, FakeProvider.sse(List.of(textEvent("Hel", null, 4, 1)), gate,
                List.of(textEvent("lo", "STOP", 4, 2))));
        SseClient.Stream stream = SseClient.stream(fx.chatUrl(), RunningGateway.KEY,
                body(false));
        assertEquals(200, stream.response.statusCode());
        JsonNode role = Json.parse(stream.next());
        assertEquals("assistant", delta(role).path("role").asText(), "the role chunk comes first");
        String first = stream.next();
        assertNotNull(first, "no chunk arrived while Gemini held the rest back");
        assertEquals("Hel", delta(Json.parse(first)).path("content").asText());
        gate.countDown();
        List<String> rest = stream.rest();
        assertEquals(3, rest.size(), rest.toString());
        assertEquals("lo", delta(Json.parse(rest.get(0))).path("content").asText());
        assertEquals("stop", Json.parse(rest.get(1)).path("choices").get(0).path("finish_reason").asText());
        assertEquals("[DONE]", rest.get(2));
        assertEquals("/v1beta/models/gemini-1.5-flash:streamGenerateContent?alt=sse",
                fx.fake().lastRequest().pathAndQuery(), "streaming endpoint, and no key in the URL");
        assertEquals("goog-key", fx.fake().lastRequest().header("x-goog-api-key"));
    }

    @Test
    void repeatedFinishReasonsGiveOneFinishChunkAndUsageIsTheLastValueNotASum() throws Exception {
        fx.fake().on(STREAM, FakeProvider.sse(List.of(textEvent("A", null, 10, 1), textEvent("B", "STOP", 10, 2),
                textEvent("", "STOP", 10, 3))));
        SseClient.Stream stream = SseClient.stream(fx.chatUrl(), RunningGateway.KEY,
                body(true));
        List<String> all = stream.rest();
        assertEquals("[DONE]", all.get(all.size() - 1));
        long finishes = 0;
        JsonNode usage = null;
        StringBuilder text = new StringBuilder();
        for (String data : all.subList(0, all.size() - 1)) {
            JsonNode chunk = Json.parse(data);
            assertEquals("chat.completion.chunk", chunk.path("object").asText());
            for (JsonNode choice : chunk.path("choices")) {
                if (!choice.path("finish_reason").isNull()) {
                    finishes++;
                }
                text.append(choice.path("delta").path("content").asText(""));
            }
            if (chunk.hasNonNull("usage")) {
                assertTrue(usage == null, "one usage chunk");
                usage = chunk.get("usage");
                assertEquals(0, chunk.path("choices").size());
            }
        }
        assertEquals(1, finishes, all.toString());
        assertEquals("AB", text.toString());
        assertNotNull(usage, "include_usage asks for a usage chunk");
        assertEquals(Json.parse("{\"prompt_tokens\":10,\"completion_tokens\":3,\"total_tokens\":13}"), usage);
        assertEquals("stop", Json.parse(all.get(all.size() - 3)).path("choices").get(0).path("finish_reason")
                .asText(), "the finish chunk comes before the usage chunk");
    }

    @Test
    void aFinalCandidateWithoutPartsStillFinishesTheChoice() throws Exception {
        fx.fake().on(STREAM, FakeProvider.sse(List.of(textEvent("Some", null, 3, 1),
                event("{\"candidates\":[{\"finishReason\":\"SAFETY\",\"index\":0}]}"))));
        List<String> all = SseClient.stream(fx.chatUrl(), RunningGateway.KEY,
                body(false)).rest();
        JsonNode last = Json.parse(all.get(all.size() - 2));
        assertEquals(1, last.path("choices").size());
        assertEquals("content_filter", last.path("choices").get(0).path("finish_reason").asText());
        assertEquals("[DONE]", all.get(all.size() - 1));
    }

    @Test
    void aBlockedPromptStreamsAContentFilterChoice() throws Exception {
        fx.fake().on(STREAM, FakeProvider.sse(List.of(event("{\"promptFeedback\":{\"blockReason\":\"PROHIBITED_CONTENT\"},"
                + "\"usageMetadata\":{\"promptTokenCount\":5,\"totalTokenCount\":5}}"))));
        List<String> all = SseClient.stream(fx.chatUrl(), RunningGateway.KEY,
                body(false)).rest();
        assertEquals(3, all.size(), all.toString());
        assertEquals("assistant", delta(Json.parse(all.get(0))).path("role").asText());
        JsonNode finish = Json.parse(all.get(1)).path("choices").get(0);
        assertEquals("content_filter", finish.path("finish_reason").asText());
        assertTrue(finish.path("delta").path("refusal").asText().contains("PROHIBITED_CONTENT"));
    }

    @Test
    void streamedFunctionCallsBecomeToolCallChunks() throws Exception {
        fx.fake().on(STREAM, FakeProvider.sse(List.of(event("{\"candidates\":[{\"content\":{\"role\":\"model\","
                + "\"parts\":[{\"functionCall\":{\"name\":\"weather\",\"args\":{\"city\":\"Paris\"}}},"
                + "{\"functionCall\":{\"name\":\"time\",\"args\":{}}}]},\"finishReason\":\"STOP\",\"index\":0}]}"))));
        List<String> all = SseClient.stream(fx.chatUrl(), RunningGateway.KEY,
                body(false)).rest();
        JsonNode calls = delta(Json.parse(all.get(1))).path("tool_calls");
        assertEquals(2, calls.size());
        assertEquals(0, calls.get(0).path("index").asInt());
        assertEquals(1, calls.get(1).path("index").asInt());
        assertTrue(calls.get(0).path("id").asText().startsWith("call_"));
        assertEquals("weather", calls.get(0).path("function").path("name").asText());
        assertEquals(Json.parse("{\"city\":\"Paris\"}"),
                Json.parse(calls.get(0).path("function").path("arguments").asText()));
        assertEquals("tool_calls", Json.parse(all.get(2)).path("choices").get(0).path("finish_reason").asText());
    }

    @Test
    void anErrorEventInsideTheStreamEndsItWithAnOpenAiError() throws Exception {
        fx.fake().on(STREAM, FakeProvider.sse(List.of(textEvent("Hel", null, 4, 1),
                event(googleError(500, "INTERNAL", "Model overloaded")))));
        List<String> all = SseClient.stream(fx.chatUrl(), RunningGateway.KEY,
                body(false)).rest();
        assertEquals("Hel", delta(Json.parse(all.get(1))).path("content").asText());
        JsonNode error = Json.parse(all.get(2)).path("error");
        assertTrue(error.path("message").asText().contains("Model overloaded"), all.toString());
        assertTrue(all.stream().noneMatch(d -> d.contains("finish_reason\":\"stop")), "never a clean finish");
    }

    @Test
    void anErrorBeforeTheStreamIsAnOpenAiError() throws Exception {
        fx.fake().on(STREAM, FakeProvider.json(429, googleError(429, "RESOURCE_EXHAUSTED", "Quota"),
                Map.of("Retry-After", "12")));
        var r = SseClient.post(fx.chatUrl(), RunningGateway.KEY, body(false));
        assertEquals(429, r.statusCode(), r.body());
        assertEquals("12", r.headers().firstValue("Retry-After").orElse(null));
        assertEquals("Quota", Json.parse(r.body()).path("error").path("message").asText());
    }

    @Test
    void sdkStreamsTheSameAnswerWithUsage() {
        fx.fake().on(STREAM, FakeProvider.sse(List.of(textEvent("Hel", null, 4, 1), textEvent("lo", "STOP", 4, 2))));
        StringBuilder text = new StringBuilder();
        List<String> reasons = new ArrayList<>();
        List<Long> totals = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = fx.sdk().chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("gemini-1.5-flash").addUserMessage("Hello")
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(c -> {
                c.choices().forEach(ch -> {
                    ch.delta().content().ifPresent(text::append);
                    ch.finishReason().ifPresent(f -> reasons.add(f.asString()));
                });
                c.usage().ifPresent(u -> totals.add(u.totalTokens()));
            });
        }
        assertEquals("Hello", text.toString());
        assertEquals(List.of("stop"), reasons);
        assertEquals(List.of(6L), totals);
    }

    private static String body(boolean includeUsage) {
        return "{\"model\":\"gemini-1.5-flash\",\"stream\":true," + (includeUsage
                ? "\"stream_options\":{\"include_usage\":true}," : "")
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
    }

    private static JsonNode delta(JsonNode chunk) {
        return chunk.path("choices").get(0).path("delta");
    }
}

package dev.onellmapi.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
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
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

import static dev.onellmapi.testing.FakeProvider.data;
import static dev.onellmapi.testing.OpenAiFixtures.chatBody;
import static dev.onellmapi.testing.OpenAiFixtures.chunk;
import static dev.onellmapi.testing.OpenAiFixtures.completion;
import static dev.onellmapi.testing.OpenAiFixtures.finalChunk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenAiChatTest {
    @RegisterExtension
    static final GatewayWithFake fx = new GatewayWithFake(fake -> Map.of(
                "openai.api-key", "sk-upstream-openai",
                "openai.api-base", fake.baseUrl() + "/v1"));

    @Test
    void sdkGetsTheAnswerAndEveryFieldReachesOpenAiUntouched() throws Exception {
        fx.fake().on("/v1/chat/completions", FakeProvider.json(200, completion("gpt-4o-2024-08-06", "Hi there")));
        String body = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}],"
                + "\"temperature\":0.7,\"top_p\":0.9,\"stop\":[\"END\"],\"max_tokens\":50,"
                + "\"max_completion_tokens\":60,\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\","
                + "\"parameters\":{\"type\":\"object\"}}}],\"tool_choice\":\"auto\",\"response_format\":"
                + "{\"type\":\"json_object\"},\"seed\":42,\"user\":\"u-1\",\"logprobs\":true,\"top_logprobs\":2,"
                + "\"some_future_field\":{\"x\":[1,2.50,1e-7]}}";
        HttpResponse<String> r = SseClient.post(fx.chatUrl(), RunningGateway.KEY, body);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("Hi there", Json.parse(r.body()).path("choices").path(0).path("message").path("content")
                .asText());
        FakeProvider.Request sent = fx.fake().lastRequest();
        assertEquals(Json.parse(body), Json.parse(sent.body()), "the body must reach OpenAI unchanged");
        assertEquals("Bearer sk-upstream-openai", sent.header("Authorization"));

        ChatCompletion viaSdk = fx.sdk().chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gpt-4o").addUserMessage("Hello").build());
        assertEquals("Hi there", viaSdk.choices().get(0).message().content().orElseThrow());
        assertEquals(12, viaSdk.usage().orElseThrow().totalTokens());
    }

    @Test
    void gatewayKeyAndClientHeadersNeverReachTheProvider() throws Exception {
        fx.fake().on("/v1/chat/completions", FakeProvider.json(200, completion("gpt-4o", "ok")));
        fx.sdk().chat().completions().create(ChatCompletionCreateParams.builder().model("openai/gpt-4o")
                .addUserMessage("Hello").build());
        FakeProvider.Request sent = fx.fake().lastRequest();
        assertEquals("Bearer sk-upstream-openai", sent.header("Authorization"));
        assertTrue(sent.headers().values().stream().flatMap(List::stream)
                .noneMatch(v -> v.contains(RunningGateway.KEY)), "gateway key forwarded: " + sent.headers());
        assertNull(sent.header("X-Stainless-Lang"), "client SDK headers are not forwarded");
        assertEquals("gpt-4o", Json.parse(sent.body()).path("model").asText(), "prefix removed upstream");
    }

    @Test
    void chunksReachTheClientWhileTheProviderIsStillSending() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        fx.fake().on("/v1/chat/completions", FakeProvider.sse(
                List.of(data(chunk("gpt-4o", "Hel")), ": keep-alive comment\n\n"),
                gate,
                List.of(data(chunk("gpt-4o", "lo")), data(finalChunk("gpt-4o")), "data: [DONE]\n\n")));
        SseClient.Stream stream = SseClient.stream(fx.chatUrl(), RunningGateway.KEY,
                chatBody("gpt-4o", true));
        assertEquals(200, stream.response.statusCode());
        assertTrue(stream.response.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
        String first = stream.next();
        assertNotNull(first, "no chunk arrived while the provider held the rest back");
        assertEquals("Hel", Json.parse(first).path("choices").path(0).path("delta").path("content").asText());
        gate.countDown();
        List<String> rest = stream.rest();
        assertEquals(List.of(Json.parse(chunk("gpt-4o", "lo")), Json.parse(finalChunk("gpt-4o"))),
                rest.subList(0, 2).stream().map(OpenAiChatTest::parse).collect(Collectors.toList()));
        assertEquals(List.of("[DONE]"), rest.subList(2, rest.size()), "one [DONE], and the comment never as data");
    }

    @Test
    void sdkStreamsTheSameAnswer() {
        fx.fake().on("/v1/chat/completions", FakeProvider.sse(List.of(data(chunk("gpt-4o", "Hel")),
                data(chunk("gpt-4o", "lo")), data(finalChunk("gpt-4o")), "data: [DONE]\n\n")));
        StringBuilder text = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> stream = fx.sdk().chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("Hello").build())) {
            stream.stream().forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
        }
        assertEquals("Hello", text.toString());
        assertTrue(fx.fake().lastRequest().body().contains("\"stream\":true"));
    }

    private static JsonNode parse(String json) {
        try {
            return Json.parse(json);
        } catch (Exception e) {
            throw new AssertionError(json, e);
        }
    }
}

package dev.onellmapi.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import dev.onellmapi.wire.Json;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.GatewayWithFake;
import dev.onellmapi.testing.RunningGateway;
import dev.onellmapi.testing.SseClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static dev.onellmapi.provider.anthropic.AnthropicFixtures.blockStart;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.blockStop;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.delta;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.event;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.jsonDelta;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.messageDelta;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.messageStart;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.messageStop;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.ping;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.textDelta;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.textStart;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.toolStart;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Streamed chat with Claude: Anthropic's SSE events in, OpenAI chunks out, each as soon as it arrives. */
class AnthropicStreamTest {
    @RegisterExtension
    static final GatewayWithFake fx = new GatewayWithFake(AnthropicFixtures::settings);

    @Test
    void chunksReachTheClientWhileAnthropicIsStillSending() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        fx.fake().on("/v1/messages", FakeProvider.sse(
                List.of(messageStart(), textStart(0), ping(), textDelta(0, "Hel")),
                gate,
                List.of(textDelta(0, "lo"), blockStop(0), messageDelta("end_turn", 5), messageStop())));
        SseClient.Stream stream = SseClient.stream(fx.chatUrl(), RunningGateway.KEY,
                "{\"model\":\"claude-sonnet-4-5\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        assertEquals(200, stream.response.statusCode());
        JsonNode role = Json.parse(stream.next());
        assertEquals("chat.completion.chunk", role.path("object").asText());
        assertEquals("msg_02", role.path("id").asText());
        assertEquals("claude-sonnet-4-5-20250929", role.path("model").asText());
        assertEquals("assistant", role.path("choices").path(0).path("delta").path("role").asText());
        String first = stream.next();
        assertNotNull(first, "no content chunk arrived while Anthropic held the rest back");
        assertEquals("Hel", deltaOf(first).path("content").asText());
        gate.countDown();
        List<String> rest = stream.rest();
        assertEquals(3, rest.size(), rest.toString());
        assertEquals("lo", deltaOf(rest.get(0)).path("content").asText());
        JsonNode last = Json.parse(rest.get(1));
        assertEquals("stop", last.path("choices").path(0).path("finish_reason").asText());
        assertFalse(last.has("usage"), "no usage chunk unless include_usage is set");
        assertEquals("[DONE]", rest.get(2));
        JsonNode sent = Json.parse(fx.fake().lastRequest().body());
        assertTrue(sent.path("stream").asBoolean());
        assertEquals("text/event-stream", fx.fake().lastRequest().header("Accept"));
    }

    @Test
    void usageChunkOnceJustBeforeDoneWithTheLastOutputCount() throws Exception {
        fx.fake().on("/v1/messages", FakeProvider.sse(List.of(messageStart(), textStart(0), textDelta(0, "Hi"),
                messageDelta("end_turn", 3), blockStop(0), messageDelta("end_turn", 9), messageStop())));
        String body = "{\"model\":\"claude-sonnet-4-5\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
        List<String> all = SseClient.stream(fx.chatUrl(), RunningGateway.KEY, body)
                .rest();
        assertEquals("[DONE]", all.get(all.size() - 1));
        JsonNode usageChunk = Json.parse(all.get(all.size() - 2));
        assertEquals(0, usageChunk.path("choices").size());
        assertEquals(Json.parse("{\"prompt_tokens\":29,\"completion_tokens\":9,\"total_tokens\":38,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":4}}"), usageChunk.get("usage"));
        assertEquals(1, all.stream().filter(c -> c.contains("\"usage\"")).count(), "exactly one usage chunk");

        StringBuilder text = new StringBuilder();
        List<CompletionUsage> usages = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = fx.sdk().chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("claude-sonnet-4-5").addUserMessage("Hi")
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(c -> {
                c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append));
                c.usage().ifPresent(usages::add);
            });
        }
        assertEquals("Hi", text.toString());
        assertEquals(1, usages.size());
        assertEquals(38, usages.get(0).totalTokens());
    }

    @Test
    void streamedToolCallsArriveInPiecesWithTheirOwnIndex() throws Exception {
        fx.fake().on("/v1/messages", FakeProvider.sse(List.of(messageStart(),
                textStart(0), textDelta(0, "Checking."), blockStop(0),
                toolStart(1, "toolu_1", "get_weather"), jsonDelta(1, ""), jsonDelta(1, "{\"city\": "),
                jsonDelta(1, "\"Paris\"}"), blockStop(1),
                toolStart(2, "toolu_2", "get_time"), blockStop(2),
                messageDelta("tool_use", 40), messageStop())));
        List<String> chunks = SseClient.stream(fx.chatUrl(), RunningGateway.KEY,
                "{\"model\":\"claude-sonnet-4-5\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
                        + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}},"
                        + "{\"type\":\"function\",\"function\":{\"name\":\"get_time\"}}]}").rest();
        List<JsonNode> calls = new ArrayList<>();
        for (String chunk : chunks.subList(0, chunks.size() - 1)) {
            deltaOf(chunk).path("tool_calls").forEach(calls::add);
        }
        assertEquals(Json.parse("{\"index\":0,\"id\":\"toolu_1\",\"type\":\"function\",\"function\":"
                + "{\"name\":\"get_weather\",\"arguments\":\"\"}}"), calls.get(0));
        assertEquals(Json.parse("{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\": \"}}"), calls.get(1));
        assertEquals(Json.parse("{\"index\":0,\"function\":{\"arguments\":\"\\\"Paris\\\"}\"}}"), calls.get(2));
        assertEquals(Json.parse("{\"index\":1,\"id\":\"toolu_2\",\"type\":\"function\",\"function\":"
                + "{\"name\":\"get_time\",\"arguments\":\"\"}}"), calls.get(3));
        assertEquals(Json.parse("{\"index\":1,\"function\":{\"arguments\":\"{}\"}}"), calls.get(4));
        assertEquals(5, calls.size());
        assertEquals("tool_calls", Json.parse(chunks.get(chunks.size() - 2)).path("choices").path(0)
                .path("finish_reason").asText());

        // the same stream, accumulated the way an OpenAI client does it
        Map<Long, String[]> byIndex = new LinkedHashMap<>();
        List<ChatCompletionChunk.Choice.FinishReason> finish = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = fx.sdk().chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("claude-sonnet-4-5").addUserMessage("Hi").build())) {
            stream.stream().forEach(c -> c.choices().forEach(ch -> {
                ch.finishReason().ifPresent(finish::add);
                ch.delta().toolCalls().ifPresent(list -> list.forEach(tc -> {
                    String[] acc = byIndex.computeIfAbsent(tc.index(), i -> new String[]{"", "", ""});
                    tc.id().ifPresent(id -> acc[0] = id);
                    tc.function().flatMap(f -> f.name()).ifPresent(n -> acc[1] = n);
                    tc.function().flatMap(f -> f.arguments()).ifPresent(a -> acc[2] += a);
                }));
            }));
        }
        assertEquals(List.of(ChatCompletionChunk.Choice.FinishReason.TOOL_CALLS), finish);
        assertEquals("toolu_1", byIndex.get(0L)[0]);
        assertEquals("get_weather", byIndex.get(0L)[1]);
        assertEquals(Json.parse("{\"city\":\"Paris\"}"), Json.parse(byIndex.get(0L)[2]));
        assertEquals("get_time", byIndex.get(1L)[1]);
        assertEquals("{}", byIndex.get(1L)[2]);
    }

    @Test
    void thinkingStreamsAsReasoningContent() throws Exception {
        fx.fake().on("/v1/messages", FakeProvider.sse(List.of(messageStart(),
                blockStart(0, "{\"type\":\"thinking\",\"thinking\":\"\"}"),
                delta(0, "{\"type\":\"thinking_delta\",\"thinking\":\"Hmm\"}"),
                delta(0, "{\"type\":\"signature_delta\",\"signature\":\"abc\"}"), blockStop(0),
                textStart(1), textDelta(1, "42"), blockStop(1), messageDelta("end_turn", 5), messageStop())));
        List<String> chunks = SseClient.stream(fx.chatUrl(), RunningGateway.KEY,
                "{\"model\":\"claude-sonnet-4-5\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                .rest();
        assertEquals(6, chunks.size(), chunks.toString());
        assertEquals("Hmm", deltaOf(chunks.get(1)).path("reasoning_content").asText());
        assertEquals(Json.parse("[{\"type\":\"thinking\",\"thinking\":\"Hmm\",\"signature\":\"abc\"}]"),
                deltaOf(chunks.get(2)).get("thinking_blocks"), "the finished block, signed, for the way back");
        assertEquals("42", deltaOf(chunks.get(3)).path("content").asText());
    }

    @Test
    void midStreamErrorEventEndsTheStreamWithAnError() throws Exception {
        fx.fake().on("/v1/messages", FakeProvider.sse(List.of(messageStart(), textStart(0), textDelta(0, "Hel"),
                event("error", "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"),
                textDelta(0, "never"))));
        List<String> chunks = SseClient.stream(fx.chatUrl(), RunningGateway.KEY,
                "{\"model\":\"claude-sonnet-4-5\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                .rest();
        assertEquals(3, chunks.size(), chunks.toString());
        assertEquals("Hel", deltaOf(chunks.get(1)).path("content").asText());
        JsonNode error = Json.parse(chunks.get(2)).path("error");
        assertEquals("overloaded_error", error.path("type").asText());
        assertTrue(error.path("message").asText().contains("Overloaded"));
    }

    @Test
    void errorEventBeforeAnyChunkIsAPlainErrorAnswer() throws Exception {
        fx.fake().on("/v1/messages", FakeProvider.sse(List.of(
                event("error", "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"))));
        SseClient.Stream stream = SseClient.stream(fx.chatUrl(), RunningGateway.KEY,
                "{\"model\":\"claude-sonnet-4-5\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        assertEquals(503, stream.response.statusCode());
    }

    @Test
    void twoClaudeModelsStreamSideBySide() throws Exception {
        fx.fake().on("/v1/messages", FakeProvider.sse(List.of(messageStart(), textStart(0), textDelta(0, "Hi"),
                blockStop(0), messageDelta("end_turn", 2), messageStop())));
        List<String> chunks = SseClient.stream(fx.chatUrl(), RunningGateway.KEY,
                "{\"model\":\"claude-sonnet-4-5,anthropic/claude-haiku-4-5\",\"stream\":true,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}").rest();
        assertEquals("[DONE]", chunks.get(chunks.size() - 1));
        assertEquals(1, chunks.stream().filter(c -> c.equals("[DONE]")).count());
        Map<Integer, StringBuilder> text = new LinkedHashMap<>();
        for (String chunk : chunks.subList(0, chunks.size() - 1)) {
            JsonNode choice = Json.parse(chunk).path("choices").path(0);
            text.computeIfAbsent(choice.path("index").asInt(), i -> new StringBuilder())
                    .append(choice.path("delta").path("content").asText(""));
        }
        assertEquals("Hi", text.get(0).toString());
        assertEquals("Hi", text.get(1).toString());
        assertEquals(2, fx.fake().requests().size());
    }

    private static JsonNode deltaOf(String chunk) throws Exception {
        return Json.parse(chunk).path("choices").path(0).path("delta");
    }
}

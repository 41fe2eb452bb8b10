package dev.onellmapi.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.models.ReasoningEffort;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import dev.onellmapi.wire.Json;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.GatewayWithFake;
import dev.onellmapi.testing.RunningGateway;
import dev.onellmapi.testing.SseClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.List;

import static dev.onellmapi.provider.anthropic.AnthropicFixtures.blockStart;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.blockStop;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.delta;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.jsonDelta;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.message;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.messageDelta;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.messageStart;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.messageStop;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.textDelta;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.textStart;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.toolStart;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * reasoning_effort on Claude: extended thinking with a budget per level and Anthropic's rules while thinking; the
 * thinking comes back as reasoning_content, and its signed blocks make the follow-up of a tool loop valid.
 */
class AnthropicReasoningTest {
    @RegisterExtension
    static final GatewayWithFake fx = new GatewayWithFake(AnthropicFixtures::settings);

    private static final String THINKING = "{\"type\":\"thinking\",\"thinking\":\"Paris is in France.\","
            + "\"signature\":\"EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds\"}";

    private static JsonNode sent() throws Exception {
        return Json.parse(fx.fake().lastRequest().body());
    }

    @Test
    void eachEffortIsAThinkingBudgetWithRoomLeftForTheAnswer() throws Exception {
        fx.fake().on("/v1/messages", FakeProvider.json(200, message("[" + THINKING
                + ",{\"type\":\"text\",\"text\":\"Paris.\"}]", "end_turn")));
        ChatCompletion answer = fx.sdk().chat().completions().create(ChatCompletionCreateParams.builder()
                .model("claude-sonnet-4-5").addUserMessage("Capital of France?").reasoningEffort(ReasoningEffort.MEDIUM)
                .maxCompletionTokens(1000).temperature(0.2).topP(0.5).build());
        assertEquals("Paris.", answer.choices().get(0).message().content().orElseThrow());
        assertEquals("Paris is in France.", answer.choices().get(0).message()._additionalProperties()
                .get("reasoning_content").asStringOrThrow());
        JsonNode sent = sent();
        assertEquals(Json.parse("{\"type\":\"enabled\",\"budget_tokens\":8192}"), sent.get("thinking"));
        assertEquals(9192, sent.path("max_tokens").asInt(), "the budget plus the answer's 1000");
        assertFalse(sent.has("temperature"), "Anthropic allows no temperature but its own while thinking");
        assertFalse(sent.has("top_p"), "nor a top_p under 0.95");

        for (String[] level : new String[][]{{"minimal", "1024"}, {"low", "2048"}, {"high", "24576"}}) {
            SseClient.post(fx.chatUrl(), RunningGateway.KEY, "{\"model\":\"claude-sonnet-4-5\",\"reasoning_effort\":\""
                    + level[0] + "\",\"max_tokens\":30000,\"top_p\":0.97,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
            assertEquals(Integer.parseInt(level[1]), sent().path("thinking").path("budget_tokens").asInt());
            assertEquals(30000, sent().path("max_tokens").asInt(), "already room for the budget");
            assertEquals("0.97", sent().path("top_p").asText());
        }
        SseClient.post(fx.chatUrl(), RunningGateway.KEY, "{\"model\":\"claude-sonnet-4-5\",\"reasoning_effort\":\"none\","
                + "\"temperature\":0.2,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        assertFalse(sent().has("thinking"));
        assertEquals("0.2", sent().path("temperature").asText());
    }

    @Test
    void thinkingStreamsAsReasoningDeltasAndEndsAsASignedBlock() throws Exception {
        fx.fake().on("/v1/messages", FakeProvider.sse(List.of(messageStart(),
                blockStart(0, "{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}"),
                delta(0, "{\"type\":\"thinking_delta\",\"thinking\":\"Paris is \"}"),
                delta(0, "{\"type\":\"thinking_delta\",\"thinking\":\"in France.\"}"),
                delta(0, "{\"type\":\"signature_delta\",\"signature\":\"EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds\"}"),
                blockStop(0), textStart(1), textDelta(1, "Paris."), blockStop(1), messageDelta("end_turn", 20),
                messageStop())));
        List<String> chunks = SseClient.stream(fx.chatUrl(), RunningGateway.KEY, "{\"model\":\"claude-sonnet-4-5\","
                + "\"stream\":true,\"reasoning_effort\":\"low\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                .rest();
        StringBuilder reasoning = new StringBuilder();
        JsonNode blocks = null;
        for (String c : chunks.subList(0, chunks.size() - 1)) {
            JsonNode delta = Json.parse(c).path("choices").get(0).path("delta");
            reasoning.append(delta.path("reasoning_content").asText(""));
            blocks = delta.has("thinking_blocks") ? delta.get("thinking_blocks") : blocks;
        }
        assertEquals("Paris is in France.", reasoning.toString());
        assertEquals(Json.parse("[" + THINKING + "]"), blocks);
        assertEquals(2048, sent().path("thinking").path("budget_tokens").asInt());
    }

    @Test
    void aToolLoopFollowUpCarriesTheSignedThinkingBackEvenFromAnSdkThatDropsIt() throws Exception {
        fx.fake().on("/v1/messages", FakeProvider.sse(List.of(messageStart(),
                blockStart(0, THINKING), blockStop(0),
                toolStart(1, "toolu_loop_1", "weather"), jsonDelta(1, "{\"city\":\"Paris\"}"), blockStop(1),
                messageDelta("tool_use", 30), messageStop())));
        String first = "{\"model\":\"claude-sonnet-4-5\",\"stream\":true,\"reasoning_effort\":\"low\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Paris?\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"weather\"}}]}";
        List<String> chunks = SseClient.stream(fx.chatUrl(), RunningGateway.KEY, first).rest();
        assertTrue(chunks.stream().anyMatch(c -> c.contains("toolu_loop_1")), chunks.toString());

        // what the OpenAI SDK sends back: the assistant's tool_calls, no thinking (it has no field for it)
        fx.fake().on("/v1/messages", FakeProvider.json(200, message("[{\"type\":\"text\",\"text\":\"Sunny.\"}]",
                "end_turn")));
        ChatCompletion followUp = fx.sdk().chat().completions().create(ChatCompletionCreateParams.builder()
                .model("claude-sonnet-4-5").reasoningEffort(ReasoningEffort.LOW).addUserMessage("Weather in Paris?")
                .addMessage(com.openai.models.chat.completions.ChatCompletionAssistantMessageParam.builder()
                        .addToolCall(com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall.builder()
                                .id("toolu_loop_1").function(com.openai.models.chat.completions
                                        .ChatCompletionMessageFunctionToolCall.Function.builder().name("weather")
                                        .arguments("{\"city\":\"Paris\"}").build()).build()).build())
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId("toolu_loop_1").content("sunny")
                        .build())
                .addFunctionTool(com.openai.models.FunctionDefinition.builder().name("weather").build()).build());
        assertEquals("Sunny.", followUp.choices().get(0).message().content().orElseThrow());
        JsonNode assistant = sent().path("messages").get(1);
        assertEquals("assistant", assistant.path("role").asText());
        assertEquals(Json.parse(THINKING), assistant.path("content").get(0), "the turn opens with its signed thinking");
        assertEquals("tool_use", assistant.path("content").get(1).path("type").asText());
        assertEquals("enabled", sent().path("thinking").path("type").asText());
    }

    @Test
    void thinkingBlocksTheClientSendsBackAreUsedAndAnUnknownTurnDropsThinkingRatherThanFail() throws Exception {
        fx.fake().on("/v1/messages", FakeProvider.json(200, message("[{\"type\":\"text\",\"text\":\"Sunny.\"}]",
                "end_turn")));
        String tail = "\"tool_calls\":[{\"id\":\"toolu_never_seen\",\"type\":\"function\",\"function\":{\"name\":"
                + "\"weather\",\"arguments\":\"{}\"}}]},{\"role\":\"tool\",\"tool_call_id\":\"toolu_never_seen\","
                + "\"content\":\"sunny\"}],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"weather\"}}]}";
        String head = "{\"model\":\"claude-sonnet-4-5\",\"reasoning_effort\":\"low\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Weather?\"},{\"role\":\"assistant\",\"content\":null,";
        HttpResponse<String> r = SseClient.post(fx.chatUrl(), RunningGateway.KEY, head + "\"thinking_blocks\":["
                + THINKING + ",{\"type\":\"redacted_thinking\",\"data\":\"EmwKAhgBEgy3va\"}]," + tail);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode content = sent().path("messages").get(1).path("content");
        assertEquals(Json.parse(THINKING), content.get(0));
        assertEquals(Json.parse("{\"type\":\"redacted_thinking\",\"data\":\"EmwKAhgBEgy3va\"}"), content.get(1));
        assertEquals("enabled", sent().path("thinking").path("type").asText());

        r = SseClient.post(fx.chatUrl(), RunningGateway.KEY, head + tail);
        assertEquals(200, r.statusCode(), r.body());
        assertFalse(sent().has("thinking"), "Anthropic would refuse thinking with a tool turn that lost its own");
    }

    @Test
    void aForcedToolCallWhileThinkingIsA400() throws Exception {
        HttpResponse<String> r = SseClient.post(fx.chatUrl(), RunningGateway.KEY, "{\"model\":\"claude-sonnet-4-5\","
                + "\"reasoning_effort\":\"high\",\"tool_choice\":\"required\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Hi\"}],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]}");
        assertEquals(400, r.statusCode(), r.body());
        assertEquals("tool_choice", Json.parse(r.body()).path("error").path("param").asText());
        assertTrue(fx.fake().requests().isEmpty());
    }
}

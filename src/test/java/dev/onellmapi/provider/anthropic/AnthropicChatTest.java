package dev.onellmapi.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.JsonValue;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionToolChoiceOption;
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
import java.util.Map;

import static dev.onellmapi.provider.anthropic.AnthropicFixtures.message;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.textMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Non-streamed chat with Claude: what reaches Anthropic's Messages API, and what the OpenAI client gets back. */
class AnthropicChatTest {
    @RegisterExtension
    static final GatewayWithFake fx = new GatewayWithFake(AnthropicFixtures::settings);

    @Test
    void sdkChatsWithClaudeWithASystemPrompt() throws Exception {
        fx.fake().on("/v1/messages", FakeProvider.json(200, textMessage("Hi there")));
        ChatCompletion answer = fx.sdk().chat().completions().create(ChatCompletionCreateParams.builder()
                .model("claude-sonnet-4-5").addSystemMessage("Be brief.").addUserMessage("Hello").build());

        assertEquals("Hi there", answer.choices().get(0).message().content().orElseThrow());
        assertEquals(ChatCompletion.Choice.FinishReason.STOP, answer.choices().get(0).finishReason());
        assertEquals("msg_01", answer.id());
        assertEquals("claude-sonnet-4-5-20250929", answer.model());
        assertTrue(answer.created() > 0);
        assertEquals(18, answer.usage().orElseThrow().promptTokens(), "input + cache writes + cache reads");
        assertEquals(7, answer.usage().orElseThrow().completionTokens());
        assertEquals(25, answer.usage().orElseThrow().totalTokens());
        assertEquals(5, answer.usage().orElseThrow().promptTokensDetails().orElseThrow().cachedTokens().orElseThrow());

        FakeProvider.Request sent = fx.fake().lastRequest();
        assertEquals("POST", sent.method());
        assertEquals("/v1/messages", sent.pathAndQuery());
        assertEquals("sk-ant-upstream", sent.header("x-api-key"));
        assertEquals("2023-06-01", sent.header("anthropic-version"));
        assertNull(sent.header("Authorization"), "the gateway key never goes upstream");
        assertEquals(Json.parse("{\"model\":\"claude-sonnet-4-5\",\"system\":[{\"type\":\"text\",\"text\":\"Be brief.\"}],"
                + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hello\"}]}],"
                + "\"max_tokens\":4096}"), Json.parse(sent.body()));
    }

    @Test
    void conversationIsMadeValidAndParametersAreTranslated() throws Exception {
        fx.fake().on("/v1/messages", FakeProvider.json(200, textMessage("ok")));
        JsonNode sent = send("{\"model\":\"anthropic/claude-3-5-haiku-latest\",\"messages\":["
                + "{\"role\":\"system\",\"content\":\"S1\"},"
                + "{\"role\":\"assistant\",\"content\":\"Earlier answer\"},"
                + "{\"role\":\"developer\",\"content\":[{\"type\":\"text\",\"text\":\"D1\"}]},"
                + "{\"role\":\"user\",\"content\":\"U1\"},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"U2\"}]},"
                + "{\"role\":\"system\",\"content\":\"S2\"}],"
                + "\"max_completion_tokens\":100,\"max_tokens\":5,\"temperature\":1.5,\"top_p\":0.9,"
                + "\"stop\":[\"END\",\"  \",\"\\n\"],\"user\":\"u-42\"}");
        assertEquals(Json.parse("{\"model\":\"claude-3-5-haiku-latest\","
                + "\"system\":[{\"type\":\"text\",\"text\":\"S1\"},{\"type\":\"text\",\"text\":\"D1\"},"
                + "{\"type\":\"text\",\"text\":\"S2\"}],"
                + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"(continue)\"}]},"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Earlier answer\"}]},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"U1\"},{\"type\":\"text\",\"text\":\"U2\"}]}],"
                + "\"max_tokens\":100,\"temperature\":1,\"top_p\":0.9,\"stop_sequences\":[\"END\"],"
                + "\"metadata\":{\"user_id\":\"u-42\"}}"), sent);
    }

    @Test
    void stopStringMaxTokensAndTemperatureInRange() throws Exception {
        fx.fake().on("/v1/messages", FakeProvider.json(200, textMessage("ok")));
        JsonNode sent = send("{\"model\":\"claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
                + "\"stop\":\"END\",\"max_tokens\":50,\"temperature\":0.3}");
        assertEquals(Json.parse("[\"END\"]"), sent.get("stop_sequences"));
        assertEquals(50, sent.get("max_tokens").asInt());
        assertEquals("0.3", sent.get("temperature").asText());
        sent = send("{\"model\":\"claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
                + "\"stop\":\" \"}");
        assertFalse(sent.has("stop_sequences"), "a whitespace-only stop is dropped");
    }

    @Test
    void moreThanOneChoiceIsAClearError() throws Exception {
        HttpResponse<String> r = SseClient.post(fx.chatUrl(), RunningGateway.KEY,
                "{\"model\":\"claude-sonnet-4-5\",\"n\":2,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        assertEquals(400, r.statusCode(), r.body());
        JsonNode error = Json.parse(r.body()).path("error");
        assertEquals("n", error.path("param").asText());
        assertTrue(error.path("message").asText().contains("n > 1"));
        assertTrue(fx.fake().requests().isEmpty(), "nothing sent upstream");
    }

    @Test
    void toolCallRoundTripThroughTheSdk() throws Exception {
        fx.fake().on("/v1/messages", FakeProvider.json(200, message("[{\"type\":\"text\",\"text\":\"\"},"
                + "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_weather\",\"input\":{\"city\":\"Paris\"}},"
                + "{\"type\":\"tool_use\",\"id\":\"toolu_2\",\"name\":\"get_time\",\"input\":{}}]", "tool_use")));
        ChatCompletionFunctionTool weather = ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
                .name("get_weather").description("Weather in a city")
                .parameters(FunctionParameters.builder().putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("city",
                                Map.of("type", "string")))).build()).build()).build();
        ChatCompletionFunctionTool time = ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
                .name("get_time").build()).build();
        ChatCompletionCreateParams first = ChatCompletionCreateParams.builder().model("claude-sonnet-4-5")
                .addUserMessage("Weather and time in Paris?").addTool(weather).addTool(time)
                .toolChoice(ChatCompletionToolChoiceOption.Auto.REQUIRED).parallelToolCalls(false).build();
        ChatCompletion call = fx.sdk().chat().completions().create(first);

        JsonNode sent = Json.parse(fx.fake().lastRequest().body());
        assertEquals(Json.parse("[{\"name\":\"get_weather\",\"description\":\"Weather in a city\",\"input_schema\":"
                + "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}},{\"name\":\"get_time\","
                + "\"input_schema\":{\"type\":\"object\",\"properties\":{}}}]"), sent.get("tools"));
        assertEquals(Json.parse("{\"type\":\"any\",\"disable_parallel_tool_use\":true}"), sent.get("tool_choice"));

        ChatCompletionMessage assistant = call.choices().get(0).message();
        assertEquals(ChatCompletion.Choice.FinishReason.TOOL_CALLS, call.choices().get(0).finishReason());
        assertTrue(assistant.content().isEmpty(), "content is null when the model only called tools");
        List<ChatCompletionMessageFunctionToolCall> calls = assistant.toolCalls().orElseThrow().stream()
                .map(c -> c.asFunction()).toList();
        assertEquals("toolu_1", calls.get(0).id());
        assertEquals("get_weather", calls.get(0).function().name());
        assertEquals(Json.parse("{\"city\":\"Paris\"}"), Json.parse(calls.get(0).function().arguments()));
        assertEquals("{}", calls.get(1).function().arguments());

        fx.fake().on("/v1/messages", FakeProvider.json(200, textMessage("Sunny, 14:00")));
        ChatCompletion answer = fx.sdk().chat().completions().create(first.toBuilder().addMessage(assistant)
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId("toolu_1").content("sunny").build())
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId("toolu_2").content("14:00").build())
                .build());
        assertEquals("Sunny, 14:00", answer.choices().get(0).message().content().orElseThrow());
        JsonNode messages = Json.parse(fx.fake().lastRequest().body()).get("messages");
        assertEquals(3, messages.size(), messages.toString());
        assertEquals(Json.parse("{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_1\","
                + "\"name\":\"get_weather\",\"input\":{\"city\":\"Paris\"}},{\"type\":\"tool_use\",\"id\":\"toolu_2\","
                + "\"name\":\"get_time\",\"input\":{}}]}"), messages.get(1), "no empty text block beside the calls");
        assertEquals(Json.parse("{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"sunny\"}]},{\"type\":\"tool_result\",\"tool_use_id\":"
                + "\"toolu_2\",\"content\":[{\"type\":\"text\",\"text\":\"14:00\"}]}]}"), messages.get(2),
                "the tool results in one user turn, in order");
    }

    @Test
    void assistantEmptyOrNullContentBesideToolCallsSendsNoTextBlock() throws Exception {
        fx.fake().on("/v1/messages", FakeProvider.json(200, textMessage("ok")));
        for (String content : List.of("\"\"", "null")) {
            JsonNode sent = send("{\"model\":\"claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},"
                    + "{\"role\":\"assistant\",\"content\":" + content + ",\"tool_calls\":[{\"id\":\"t1\",\"type\":"
                    + "\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"\"}}]},"
                    + "{\"role\":\"tool\",\"tool_call_id\":\"t1\",\"content\":\"done\"}]}");
            assertEquals(Json.parse("[{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"f\",\"input\":{}}]"),
                    sent.get("messages").get(1).get("content"), "content " + content);
        }
    }

    @Test
    void toolChoiceForms() throws Exception {
        fx.fake().on("/v1/messages", FakeProvider.json(200, textMessage("ok")));
        String tools = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":{\"type\":\"object\"}}}]";
        String base = "{\"model\":\"claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
                + tools;
        assertFalse(send(base + "}").has("tool_choice"), "auto is Anthropic's default");
        assertEquals(Json.parse("{\"type\":\"auto\",\"disable_parallel_tool_use\":true}"),
                send(base + ",\"parallel_tool_calls\":false}").get("tool_choice"));
        assertEquals(Json.parse("{\"type\":\"none\"}"), send(base + ",\"tool_choice\":\"none\"}").get("tool_choice"));
        assertEquals(Json.parse("{\"type\":\"tool\",\"name\":\"f\",\"disable_parallel_tool_use\":true}"),
                send(base + ",\"parallel_tool_calls\":false,\"tool_choice\":{\"type\":\"function\",\"function\":"
                        + "{\"name\":\"f\"}}}").get("tool_choice"));
    }

    @Test
    void imagesAndCacheControl() throws Exception {
        fx.fake().on("/v1/messages", FakeProvider.json(200, textMessage("A cat")));
        JsonNode sent = send("{\"model\":\"claude-sonnet-4-5\",\"messages\":["
                + "{\"role\":\"system\",\"content\":[{\"type\":\"text\",\"text\":\"Long rules\","
                + "\"cache_control\":{\"type\":\"ephemeral\"}}]},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What is this?\","
                + "\"cache_control\":{\"type\":\"ephemeral\"}},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,iVBORw0KGgo=\"}},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/cat.jpg\",\"detail\":\"high\"}}]}]}");
        assertEquals(Json.parse("[{\"type\":\"text\",\"text\":\"Long rules\",\"cache_control\":{\"type\":\"ephemeral\"}}]"),
                sent.get("system"));
        assertEquals(Json.parse("[{\"type\":\"text\",\"text\":\"What is this?\",\"cache_control\":{\"type\":\"ephemeral\"}},"
                + "{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"iVBORw0KGgo=\"}},"
                + "{\"type\":\"image\",\"source\":{\"type\":\"url\",\"url\":\"https://example.com/cat.jpg\"}}]"),
                sent.get("messages").get(0).get("content"));
    }

    @Test
    void thinkingBecomesReasoningContentAndStopReasonsMap() throws Exception {
        fx.fake().on("/v1/messages", FakeProvider.json(200, message("[{\"type\":\"thinking\",\"thinking\":\"Let me see\","
                + "\"signature\":\"sig\"},{\"type\":\"text\",\"text\":\"42\"}]", "max_tokens")));
        JsonNode answer = Json.parse(SseClient.post(fx.chatUrl(), RunningGateway.KEY,
                "{\"model\":\"claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
                        + "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024}}").body());
        assertEquals("chat.completion", answer.path("object").asText());
        JsonNode message = answer.path("choices").path(0).path("message");
        assertEquals("42", message.path("content").asText());
        assertEquals("Let me see", message.path("reasoning_content").asText());
        assertEquals("length", answer.path("choices").path(0).path("finish_reason").asText());
        assertEquals(Json.parse("{\"type\":\"enabled\",\"budget_tokens\":1024}"),
                Json.parse(fx.fake().lastRequest().body()).get("thinking"));

        fx.fake().on("/v1/messages", FakeProvider.json(200, message("[{\"type\":\"text\",\"text\":\"a\"}]",
                "stop_sequence")));
        assertEquals(ChatCompletion.Choice.FinishReason.STOP, fx.sdk().chat().completions().create(
                ChatCompletionCreateParams.builder().model("claude-sonnet-4-5").addUserMessage("Hi").build())
                .choices().get(0).finishReason());
    }

    /** Posts a raw body, expects 200, and returns what reached Anthropic. */
    private static JsonNode send(String body) throws Exception {
        HttpResponse<String> r = SseClient.post(fx.chatUrl(), RunningGateway.KEY, body);
        assertEquals(200, r.statusCode(), r.body());
        return Json.parse(fx.fake().lastRequest().body());
    }
}

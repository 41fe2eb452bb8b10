package dev.onellmapi.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.JsonValue;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletion;
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

import static dev.onellmapi.provider.anthropic.AnthropicFixtures.blockStop;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.jsonDelta;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.message;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.messageDelta;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.messageStart;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.messageStop;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.textDelta;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.textMessage;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.textStart;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.toolStart;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * response_format for Claude: Anthropic's structured output (output_config.format) where the model has it, else a
 * forced tool whose input is the answer; either way the client reads the JSON text as the message content.
 */
class AnthropicStructuredOutputTest {
    @RegisterExtension
    static final GatewayWithFake fx = new GatewayWithFake(AnthropicFixtures::settings);

    private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
            + "\"required\":[\"city\"],\"additionalProperties\":false}";
    private static final String JSON_SCHEMA = "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":"
            + "{\"name\":\"place\",\"strict\":true,\"schema\":" + SCHEMA + "}}";

    private static String request(String model, String format, boolean stream) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"Where is the Louvre?\"}]," + format + "}";
    }

    private static JsonNode sent() throws Exception {
        return Json.parse(fx.fake().lastRequest().body());
    }

    @Test
    void jsonSchemaOnClaude45IsAnthropicsStructuredOutput() throws Exception {
        fx.fake().on("/v1/messages", FakeProvider.json(200, textMessage("{\\\"city\\\":\\\"Paris\\\"}")));
        ChatCompletion answer = fx.sdk().chat().completions().create(ChatCompletionCreateParams.builder()
                .model("claude-sonnet-4-5").addUserMessage("Where is the Louvre?")
                .responseFormat(ResponseFormatJsonSchema.builder().jsonSchema(ResponseFormatJsonSchema.JsonSchema
                        .builder().name("place").strict(true).schema(ResponseFormatJsonSchema.JsonSchema.Schema
                                .builder().putAdditionalProperty("type", JsonValue.from("object"))
                                .putAdditionalProperty("properties", JsonValue.from(Map.of("city",
                                        Map.of("type", "string")))).build()).build()).build()).build());
        assertEquals(Json.parse("{\"city\":\"Paris\"}"), Json.parse(answer.choices().get(0).message().content()
                .orElseThrow()));
        assertEquals(Json.parse("{\"format\":{\"type\":\"json_schema\",\"schema\":{\"type\":\"object\","
                + "\"properties\":{\"city\":{\"type\":\"string\"}}}}}"), sent().get("output_config"));
        assertFalse(sent().has("tools"));

        fx.fake().on("/v1/messages", FakeProvider.sse(List.of(messageStart(), textStart(0),
                textDelta(0, "{\\\"city\\\":"), textDelta(0, "\\\"Paris\\\"}"), blockStop(0),
                messageDelta("end_turn", 9), messageStop())));
        assertEquals(Json.parse("{\"city\":\"Paris\"}"), Json.parse(streamedContent(request("claude-opus-4-5",
                JSON_SCHEMA, true))));
        assertEquals(Json.parse(SCHEMA), sent().path("output_config").path("format").path("schema"));
    }

    @Test
    void jsonSchemaOnAnOlderClaudeIsAForcedToolWhoseInputIsTheContent() throws Exception {
        fx.fake().on("/v1/messages", FakeProvider.json(200, message("[{\"type\":\"tool_use\",\"id\":\"toolu_1\","
                + "\"name\":\"json_answer\",\"input\":{\"city\":\"Paris\"}}]", "tool_use")));
        HttpResponse<String> r = SseClient.post(fx.chatUrl(), RunningGateway.KEY,
                request("claude-3-5-sonnet-latest", JSON_SCHEMA, false));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode choice = Json.parse(r.body()).path("choices").get(0);
        assertEquals(Json.parse("{\"city\":\"Paris\"}"), Json.parse(choice.path("message").path("content").asText()));
        assertFalse(choice.path("message").has("tool_calls"));
        assertEquals("stop", choice.path("finish_reason").asText());
        JsonNode sent = sent();
        assertEquals("json_answer", sent.path("tools").get(0).path("name").asText());
        assertEquals(Json.parse(SCHEMA), sent.path("tools").get(0).path("input_schema"));
        assertEquals(Json.parse("{\"type\":\"tool\",\"name\":\"json_answer\"}"), sent.get("tool_choice"));
        assertFalse(sent.has("output_config"));

        fx.fake().on("/v1/messages", FakeProvider.sse(List.of(messageStart(), toolStart(0, "toolu_1", "json_answer"),
                jsonDelta(0, ""), jsonDelta(0, "{\"city\": "), jsonDelta(0, "\"Paris\"}"), blockStop(0),
                messageDelta("tool_use", 12), messageStop())));
        List<String> chunks = SseClient.stream(fx.chatUrl(), RunningGateway.KEY,
                request("claude-3-5-sonnet-latest", JSON_SCHEMA, true)).rest();
        StringBuilder content = new StringBuilder();
        for (String c : chunks.subList(0, chunks.size() - 1)) {
            JsonNode ch = Json.parse(c).path("choices").get(0);
            content.append(ch.path("delta").path("content").asText(""));
            assertFalse(ch.path("delta").has("tool_calls"), c);
        }
        assertEquals(Json.parse("{\"city\":\"Paris\"}"), Json.parse(content.toString()));
        assertEquals("stop", Json.parse(chunks.get(chunks.size() - 2)).path("choices").get(0).path("finish_reason")
                .asText());
    }

    @Test
    void jsonObjectIsAForcedToolWithAnyObjectAndClientToolsStayCallable() throws Exception {
        fx.fake().on("/v1/messages", FakeProvider.json(200, message("[{\"type\":\"tool_use\",\"id\":\"toolu_1\","
                + "\"name\":\"json_answer\",\"input\":{}}]", "tool_use")));
        HttpResponse<String> r = SseClient.post(fx.chatUrl(), RunningGateway.KEY, request("claude-sonnet-4-5",
                "\"response_format\":{\"type\":\"json_object\"}", false));
        assertEquals("{}", Json.parse(r.body()).path("choices").get(0).path("message").path("content").asText());
        assertEquals(Json.parse("{\"type\":\"object\"}"), sent().path("tools").get(0).path("input_schema"));

        // with tools of its own, the model may call one of them or answer in JSON: Anthropic's "any"
        fx.fake().on("/v1/messages", FakeProvider.json(200, message("[{\"type\":\"tool_use\",\"id\":\"toolu_2\","
                + "\"name\":\"lookup\",\"input\":{\"q\":\"Louvre\"}}]", "tool_use")));
        r = SseClient.post(fx.chatUrl(), RunningGateway.KEY, request("claude-sonnet-4-5",
                "\"response_format\":{\"type\":\"json_object\"},\"tools\":[{\"type\":\"function\",\"function\":"
                        + "{\"name\":\"lookup\"}}]", false));
        JsonNode choice = Json.parse(r.body()).path("choices").get(0);
        assertEquals("tool_calls", choice.path("finish_reason").asText());
        assertEquals("lookup", choice.path("message").path("tool_calls").get(0).path("function").path("name").asText());
        assertEquals(List.of("lookup", "json_answer"), List.of(sent().path("tools").get(0).path("name").asText(),
                sent().path("tools").get(1).path("name").asText()));
        assertEquals("any", sent().path("tool_choice").path("type").asText());
    }

    @Test
    void thinkingAndAForcedJsonAnswerCannotGoTogether() throws Exception {
        HttpResponse<String> r = SseClient.post(fx.chatUrl(), RunningGateway.KEY, request("claude-3-7-sonnet-latest",
                JSON_SCHEMA + ",\"reasoning_effort\":\"low\"", false));
        assertEquals(400, r.statusCode(), r.body());
        assertEquals("response_format", Json.parse(r.body()).path("error").path("param").asText());
        assertTrue(fx.fake().requests().isEmpty());
    }

    private static String streamedContent(String body) throws Exception {
        List<String> chunks = SseClient.stream(fx.chatUrl(), RunningGateway.KEY, body).rest();
        assertEquals("[DONE]", chunks.get(chunks.size() - 1));
        StringBuilder content = new StringBuilder();
        for (String c : chunks.subList(0, chunks.size() - 1)) {
            content.append(Json.parse(c).path("choices").path(0).path("delta").path("content").asText(""));
        }
        return content.toString();
    }
}

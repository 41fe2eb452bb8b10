package dev.onellmapi.frontdoor.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.errors.BadRequestException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.onellmapi.wire.Json;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.GatewayWithFake;
import dev.onellmapi.testing.RunningGateway;
import dev.onellmapi.testing.SseClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.onellmapi.testing.OpenAiFixtures.completion;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Requests for translated providers are checked as OpenAI checks its own, before anything is sent: each bad request a
 * 400 in OpenAI's shape naming the {@code param}, streamed or not; what a provider cannot do is a 400 too. The OpenAI
 * pass-through is not checked, except that its body is one JSON object.
 */
class TranslatedRequestValidationTest {
    /** One fake behind every provider: whatever reaches it was sent. */
    @RegisterExtension
    static final GatewayWithFake fx = new GatewayWithFake(fake -> Map.of(
            "anthropic.api-key", "a", "anthropic.api-base", fake.baseUrl(),
            "gemini.api-key", "g", "gemini.api-base", fake.baseUrl(),
            "palm.api-key", "p", "palm.api-base", fake.baseUrl(),
            "openai.api-key", "o", "openai.api-base", fake.baseUrl() + "/v1"));

    private static final List<String> TRANSLATED = List.of("claude-sonnet-4-5", "gemini-2.5-flash", "chat-bison-001");
    private static final String USER = "{\"role\":\"user\",\"content\":\"Hi\"}";

    /** A request's extra fields (or its messages, when they start with '[') → the param OpenAI names. */
    private static final Map<String, String> BAD = new LinkedHashMap<>();

    static {
        BAD.put("[{\"role\":\"user\"}]", "messages[0].content");
        BAD.put("[{\"role\":\"user\",\"content\":{\"text\":\"Hi\"}}]", "messages[0].content");
        BAD.put("[{\"role\":\"user\",\"content\":[]}]", "messages[0].content");
        BAD.put("[{\"role\":\"user\",\"content\":[{\"type\":\"text\"}]}]", "messages[0].content[0].text");
        BAD.put("[{\"role\":\"user\",\"content\":[{\"type\":\"video\",\"video\":1}]}]", "messages[0].content[0].type");
        BAD.put("[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{}}]}]",
                "messages[0].content[0].image_url.url");
        BAD.put("[{\"role\":\"system\",\"content\":42}," + USER + "]", "messages[0].content");
        BAD.put("[" + USER + ",{\"role\":\"assistant\"}]", "messages[1].content");
        BAD.put("[" + USER + ",{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\","
                + "\"type\":\"function\",\"function\":{\"name\":\"f\"}}]}]", "messages[1].tool_calls[0].function.arguments");
        BAD.put("[" + USER + ",{\"role\":\"tool\",\"content\":\"42\"}]", "messages[1].tool_call_id");
        BAD.put("[" + USER + ",{\"role\":\"tool\",\"tool_call_id\":\"c1\"}]", "messages[1].content");
        BAD.put("[{\"role\":\"user\",\"content\":\"Hi\",\"name\":7}]", "messages[0].name");
        String call = "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}},{\"id\":\"c2\",\"type\":\"function\","
                + "\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]}";
        String result = "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"42\"}";
        BAD.put("[" + USER + "," + result + "]", "messages[1].role");
        BAD.put("[" + USER + "," + call + "," + result + "," + USER + "]", "messages[1].tool_calls");
        BAD.put("[" + USER + "," + call + "]", "messages[1].tool_calls");
        BAD.put("[" + USER + "," + call + "," + result + "," + result + "]", "messages[3].role");
        BAD.put("\"temperature\":\"hot\"", "temperature");
        BAD.put("\"temperature\":2.5", "temperature");
        BAD.put("\"temperature\":-0.1", "temperature");
        BAD.put("\"top_p\":7", "top_p");
        BAD.put("\"max_tokens\":-5", "max_tokens");
        BAD.put("\"max_tokens\":0", "max_tokens");
        BAD.put("\"max_completion_tokens\":1.5", "max_completion_tokens");
        BAD.put("\"n\":0", "n");
        BAD.put("\"n\":\"2\"", "n");
        BAD.put("\"stop\":42", "stop");
        BAD.put("\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]", "stop");
        BAD.put("\"stop\":[\"a\",1]", "stop[1]");
        BAD.put("\"presence_penalty\":3", "presence_penalty");
        BAD.put("\"tools\":\"all\"", "tools");
        BAD.put("\"tools\":[{\"type\":\"function\"}]", "tools[0].function");
        BAD.put("\"tools\":[{\"type\":\"code_interpreter\"}]", "tools[0].type");
        BAD.put("\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"has space\"}}]", "tools[0].function.name");
        BAD.put("\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":[]}}]",
                "tools[0].function.parameters");
        BAD.put("\"tool_choice\":\"always\"", "tool_choice");
        BAD.put("\"tool_choice\":{\"type\":\"function\"}", "tool_choice.function");
        BAD.put("\"response_format\":{\"type\":\"yaml\"}", "response_format.type");
        BAD.put("\"response_format\":{\"type\":\"json_schema\"}", "response_format.json_schema");
        BAD.put("\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"schema\":{}}}",
                "response_format.json_schema.name");
        BAD.put("\"reasoning_effort\":\"extreme\"", "reasoning_effort");
        BAD.put("\"parallel_tool_calls\":\"no\"", "parallel_tool_calls");
        BAD.put("\"stream_options\":{\"include_usage\":\"yes\"}", "stream_options.include_usage");
        BAD.put("\"user\":42", "user");
    }

    private static String body(String model, String extra, boolean stream) {
        String messages = extra.startsWith("[") ? extra : "[" + USER + "]";
        String fields = extra.startsWith("[") ? "" : "," + extra;
        return "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"messages\":" + messages + fields + "}";
    }

    @Test
    void eachBadRequestIsA400NamingItsParamAndNothingIsSent() throws Exception {
        for (String model : TRANSLATED) {
            for (boolean stream : List.of(false, true)) {
                for (Map.Entry<String, String> bad : BAD.entrySet()) {
                    String body = body(model, bad.getKey(), stream);
                    HttpResponse<String> r = SseClient.post(fx.chatUrl(), RunningGateway.KEY, body);
                    assertEquals(400, r.statusCode(), body + " → " + r.body());
                    JsonNode error = Json.parse(r.body()).path("error");
                    assertEquals(bad.getValue(), error.path("param").asText(), body + " → " + r.body());
                    assertEquals("invalid_request_error", error.path("type").asText());
                    assertTrue(error.path("message").asText().contains("'"), r.body());
                }
            }
        }
        assertEquals(List.of(), fx.fake().requests(), "nothing reached a provider");
    }

    @Test
    void theSdkSeesTheErrorAsOpenAisOwn() {
        BadRequestException e = assertThrows(BadRequestException.class, () -> fx.sdk().chat().completions().create(
                ChatCompletionCreateParams.builder().model("claude-sonnet-4-5").addUserMessage("Hi").temperature(7.0)
                        .build()));
        assertEquals("temperature", e.param().orElseThrow());
        assertEquals("decimal_above_max_value", e.code().orElseThrow());
    }

    @Test
    void whatAProviderCannotDoIsA400Too() throws Exception {
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put(body("claude-sonnet-4-5", "\"n\":2", false), "n");
        refused.put(body("claude-sonnet-4-5", "\"logprobs\":true", false), "logprobs");
        refused.put(body("claude-sonnet-4-5", "\"frequency_penalty\":0.5", false), "frequency_penalty");
        refused.put(body("gemini-2.5-flash", "\"n\":9", false), "n");
        refused.put(body("gemini-2.5-flash", "\"n\":3", true), "n");
        refused.put(body("chat-bison-001", "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]",
                false), "tools");
        refused.put(body("chat-bison-001", "\"response_format\":{\"type\":\"json_object\"}", false), "response_format");
        refused.put(body("chat-bison-001", "\"reasoning_effort\":\"low\"", true), "reasoning_effort");
        refused.put(body("text-bison-001", "[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":"
                + "{\"url\":\"data:image/png;base64,AAAA\"}}]}]", false), "messages[0].content[0]");
        // one translated model of several is enough: the whole request is refused before any model is called
        refused.put(body("gpt-4o,claude-sonnet-4-5", "\"n\":2", true), "n");
        for (Map.Entry<String, String> r : refused.entrySet()) {
            HttpResponse<String> answer = SseClient.post(fx.chatUrl(), RunningGateway.KEY, r.getKey());
            assertEquals(400, answer.statusCode(), r.getKey() + " → " + answer.body());
            assertEquals(r.getValue(), Json.parse(answer.body()).path("error").path("param").asText(), answer.body());
        }
        assertEquals(List.of(), fx.fake().requests());
    }

    @Test
    void zeroPenaltiesAndNullsAreNoChange() throws Exception {
        fx.fake().on("/v1/messages", FakeProvider.json(200, "{\"id\":\"m\",\"type\":\"message\",\"role\":\"assistant\","
                + "\"model\":\"claude-sonnet-4-5\",\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],"
                + "\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}"));
        HttpResponse<String> r = SseClient.post(fx.chatUrl(), RunningGateway.KEY, body("claude-sonnet-4-5",
                "\"presence_penalty\":0,\"frequency_penalty\":0.0,\"temperature\":null,\"stop\":null,\"tools\":null,"
                        + "\"n\":1,\"reasoning_effort\":null", false));
        assertEquals(200, r.statusCode(), r.body());
    }

    @Test
    void theOpenAiPassThroughIsNotCheckedButItsBodyMustBeOneJsonObject() throws Exception {
        fx.fake().on("/v1/chat/completions", FakeProvider.json(200, completion("gpt-4o", "fine")));
        String passed = body("gpt-4o", "\"temperature\":\"hot\",\"top_p\":7", false);
        HttpResponse<String> r = SseClient.post(fx.chatUrl(), RunningGateway.KEY, passed);
        assertEquals(200, r.statusCode(), "OpenAI checks its own: " + r.body());
        assertEquals(passed, fx.fake().lastRequest().body(), "passed on byte for byte");

        fx.fake().reset();
        for (String notOne : List.of(passed + " {\"model\":\"gpt-4o\"}", passed + " trailing", passed + "]")) {
            r = SseClient.post(fx.chatUrl(), RunningGateway.KEY, notOne);
            assertEquals(400, r.statusCode(), notOne);
            assertEquals("invalid_request_error", Json.parse(r.body()).path("error").path("type").asText());
        }
        assertEquals(List.of(), fx.fake().requests());
    }
}

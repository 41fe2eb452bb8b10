package dev.onellmapi.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.JsonValue;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
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

import static dev.onellmapi.provider.gemini.GeminiFixtures.GENERATE;
import static dev.onellmapi.provider.gemini.GeminiFixtures.answer;
import static dev.onellmapi.provider.gemini.GeminiFixtures.candidate;
import static dev.onellmapi.provider.gemini.GeminiFixtures.googleError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Gemini without streaming, against a fake Gemini over HTTP: the request sent, the answer, the errors. */
class GeminiChatTest {
    @RegisterExtension
    static final GatewayWithFake fx = new GatewayWithFake(fake -> Map.of("gemini.api-key", "goog-key", "gemini.api-base", fake.baseUrl()));

    @Test
    void sdkGetsTheAnswerAndTheKeyTravelsInTheHeaderOnly() throws Exception {
        fx.fake().on(GENERATE, FakeProvider.json(200, answer("Hi there")));
        ChatCompletion completion = fx.sdk().chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gemini/gemini-1.5-flash").addUserMessage("Hello").build());
        assertEquals("Hi there", completion.choices().get(0).message().content().orElseThrow());
        assertEquals("stop", completion.choices().get(0).finishReason().asString());
        assertEquals(5, completion.usage().orElseThrow().promptTokens());
        assertEquals(7, completion.usage().orElseThrow().completionTokens());
        assertEquals(12, completion.usage().orElseThrow().totalTokens());
        FakeProvider.Request sent = fx.fake().lastRequest();
        assertEquals(GENERATE, sent.pathAndQuery(), "no key (or anything else) in the URL");
        assertEquals("goog-key", sent.header("x-goog-api-key"));
        assertNull(sent.header("Authorization"), "the gateway key never goes upstream");
    }

    @Test
    void everyParameterIsMappedAndTurnsAreMerged() throws Exception {
        fx.fake().on(GENERATE, FakeProvider.json(200, "{\"candidates\":[" + candidate(0, "A", "STOP") + ","
                + candidate(1, "B", "MAX_TOKENS") + "]}"));
        String body = "{\"model\":\"gemini-1.5-flash\",\"messages\":["
                + "{\"role\":\"system\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"user\",\"content\":\"Hello\"},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Again\"}]},"
                + "{\"role\":\"assistant\",\"content\":\"Hi\"},"
                + "{\"role\":\"user\",\"content\":\"Bye\"}],"
                + "\"temperature\":0.70,\"top_p\":0.9,\"max_tokens\":10,\"max_completion_tokens\":50,"
                + "\"stop\":\"END\",\"n\":2,\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"x\","
                + "\"schema\":{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"type\":\"object\","
                + "\"additionalProperties\":false,\"properties\":{\"a\":{\"type\":[\"string\",\"null\"],"
                + "\"format\":\"date-time\"}}}}}}";
        HttpResponse<String> r = post(body);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode sent = Json.parse(fx.fake().lastRequest().body());
        assertEquals(Json.parse("{\"parts\":[{\"text\":\"Be brief.\"}]}"), sent.get("systemInstruction"));
        assertEquals(Json.parse("[{\"role\":\"user\",\"parts\":[{\"text\":\"Hello\"},{\"text\":\"Again\"}]},"
                + "{\"role\":\"model\",\"parts\":[{\"text\":\"Hi\"}]},"
                + "{\"role\":\"user\",\"parts\":[{\"text\":\"Bye\"}]}]"), sent.get("contents"));
        assertEquals(Json.parse("{\"temperature\":0.70,\"topP\":0.9,\"candidateCount\":2,\"maxOutputTokens\":50,"
                + "\"stopSequences\":[\"END\"],\"responseMimeType\":\"application/json\",\"responseSchema\":"
                + "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"nullable\":true,"
                + "\"format\":\"date-time\"}}}}"),
                sent.get("generationConfig"));
        JsonNode choices = Json.parse(r.body()).get("choices");
        assertEquals(2, choices.size());
        assertEquals(1, choices.get(1).path("index").asInt());
        assertEquals("B", choices.get(1).path("message").path("content").asText());
        assertEquals("length", choices.get(1).path("finish_reason").asText());
        assertEquals("stop", choices.get(0).path("finish_reason").asText());
    }

    @Test
    void jsonObjectFormatAsksForJson() throws Exception {
        fx.fake().on(GENERATE, FakeProvider.json(200, answer("{}")));
        post("{\"model\":\"gemini-1.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
                + "\"response_format\":{\"type\":\"json_object\"}}");
        JsonNode config = Json.parse(fx.fake().lastRequest().body()).get("generationConfig");
        assertEquals(Json.parse("{\"responseMimeType\":\"application/json\"}"), config);
    }

    @Test
    void toolCallsRoundTripThroughTheSdkWithGeneratedIds() throws Exception {
        fx.fake().on(GENERATE, FakeProvider.json(200, "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":["
                + "{\"functionCall\":{\"name\":\"weather\",\"args\":{\"city\":\"Paris\"}}}]},"
                + "\"finishReason\":\"STOP\",\"index\":0}]}"));
        FunctionDefinition weather = FunctionDefinition.builder().name("weather").description("Weather of a city")
                .parameters(FunctionParameters.builder()
                        .putAdditionalProperty("$schema", JsonValue.from("http://json-schema.org/draft-07/schema#"))
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("additionalProperties", JsonValue.from(false))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string",
                                "format", "email", "additionalProperties", false))))
                        .putAdditionalProperty("required", JsonValue.from(List.of("city"))).build())
                .build();
        FunctionDefinition now = FunctionDefinition.builder().name("now").build();
        ChatCompletionCreateParams first = ChatCompletionCreateParams.builder().model("gemini-1.5-flash")
                .addUserMessage("Weather in Paris?").addFunctionTool(weather).addFunctionTool(now).build();
        ChatCompletion answer = fx.sdk().chat().completions().create(first);

        assertEquals("tool_calls", answer.choices().get(0).finishReason().asString());
        ChatCompletionMessageFunctionToolCall call = answer.choices().get(0).message().toolCalls().orElseThrow()
                .get(0).asFunction();
        assertTrue(call.id().startsWith("call_"), call.id());
        assertEquals("weather", call.function().name());
        assertEquals(Json.parse("{\"city\":\"Paris\"}"), Json.parse(call.function().arguments()));
        JsonNode sent = Json.parse(fx.fake().lastRequest().body());
        assertEquals(Json.parse("[{\"functionDeclarations\":[{\"name\":\"weather\",\"description\":"
                + "\"Weather of a city\",\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":"
                + "{\"type\":\"string\"}},\"required\":[\"city\"]}},{\"name\":\"now\"}]}]"), sent.get("tools"),
                "unsupported schema keywords stripped; a tool without parameters declared without them");

        fx.fake().on(GENERATE, FakeProvider.json(200, answer("Sunny")));
        ChatCompletion second = fx.sdk().chat().completions().create(first.toBuilder()
                .addMessage(answer.choices().get(0).message())
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.id())
                        .content("{\"sky\":\"clear\"}").build())
                .build());
        assertEquals("Sunny", second.choices().get(0).message().content().orElseThrow());
        JsonNode contents = Json.parse(fx.fake().lastRequest().body()).get("contents");
        assertEquals(Json.parse("[{\"role\":\"user\",\"parts\":[{\"text\":\"Weather in Paris?\"}]},"
                + "{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"weather\",\"args\":{\"city\":\"Paris\"}}}]},"
                + "{\"role\":\"user\",\"parts\":[{\"functionResponse\":{\"name\":\"weather\",\"response\":"
                + "{\"sky\":\"clear\"}}}]}]"), contents);
    }

    @Test
    void toolChoiceBecomesFunctionCallingConfig() throws Exception {
        fx.fake().on(GENERATE, FakeProvider.json(200, answer("ok")));
        String tools = ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":"
                + "{\"type\":\"object\",\"properties\":{}}}}]";
        Map<String, String> expected = Map.of(
                "\"none\"", "{\"mode\":\"NONE\"}",
                "\"auto\"", "{\"mode\":\"AUTO\"}",
                "\"required\"", "{\"mode\":\"ANY\"}",
                "{\"type\":\"function\",\"function\":{\"name\":\"f\"}}",
                "{\"mode\":\"ANY\",\"allowedFunctionNames\":[\"f\"]}");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            HttpResponse<String> r = post("{\"model\":\"gemini-1.5-flash\",\"messages\":[{\"role\":\"user\","
                    + "\"content\":\"Hi\"}]" + tools + ",\"tool_choice\":" + e.getKey() + "}");
            assertEquals(200, r.statusCode(), r.body());
            JsonNode sent = Json.parse(fx.fake().lastRequest().body());
            assertEquals(Json.parse(e.getValue()), sent.path("toolConfig").get("functionCallingConfig"), e.getKey());
            assertFalse(sent.path("tools").get(0).path("functionDeclarations").get(0).has("parameters"));
        }
    }

    @Test
    void dataUrlImagesBecomeInlineDataAndWebUrlsAreRefused() throws Exception {
        fx.fake().on(GENERATE, FakeProvider.json(200, answer("A cat")));
        HttpResponse<String> r = post("{\"model\":\"gemini-1.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":["
                + "{\"type\":\"text\",\"text\":\"What is it?\"},{\"type\":\"image_url\",\"image_url\":{\"url\":"
                + "\"data:image/png;base64,iVBORw0KGgo=\"}}]}]}");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(Json.parse("[{\"text\":\"What is it?\"},{\"inlineData\":{\"mimeType\":\"image/png\","
                + "\"data\":\"iVBORw0KGgo=\"}}]"),
                Json.parse(fx.fake().lastRequest().body()).path("contents").get(0).get("parts"));

        fx.fake().reset();
        r = post("{\"model\":\"gemini-1.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":["
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/cat.png\"}}]}]}");
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(fx.fake().requests().isEmpty());
    }

    @Test
    void onlyASystemMessageStillSendsContents() throws Exception {
        fx.fake().on(GENERATE, FakeProvider.json(200, answer("Hello")));
        HttpResponse<String> r = post("{\"model\":\"gemini-1.5-flash\",\"messages\":[{\"role\":\"system\","
                + "\"content\":\"Say hello.\"}]}");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode sent = Json.parse(fx.fake().lastRequest().body());
        assertEquals(Json.parse("[{\"role\":\"user\",\"parts\":[{\"text\":\"Say hello.\"}]}]"), sent.get("contents"));
        assertFalse(sent.has("systemInstruction"));
    }

    @Test
    void anEmptyAssistantTurnIsLeftOutAndTheUserTurnsAroundItMerge() throws Exception {
        fx.fake().on(GENERATE, FakeProvider.json(200, answer("ok")));
        HttpResponse<String> r = post("{\"model\":\"gemini-1.5-flash\",\"messages\":["
                + "{\"role\":\"user\",\"content\":\"One\"},{\"role\":\"assistant\",\"content\":\"\"},"
                + "{\"role\":\"user\",\"content\":\"Two\"}]}");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(Json.parse("[{\"role\":\"user\",\"parts\":[{\"text\":\"One\"},{\"text\":\"Two\"}]}]"),
                Json.parse(fx.fake().lastRequest().body()).get("contents"));
    }

    @Test
    void moreThanFourStopSequencesIsOpenAisOwn400() throws Exception {
        HttpResponse<String> r = post("{\"model\":\"gemini-1.5-flash\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Hi\"}],\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\"]}");
        assertEquals(400, r.statusCode(), r.body());
        JsonNode error = Json.parse(r.body()).get("error");
        assertEquals("stop", error.path("param").asText());
        assertTrue(error.path("message").asText().contains("maximum length 4"), r.body());
        assertTrue(fx.fake().requests().isEmpty(), "nothing sent to Gemini");
    }

    @Test
    void aFilteredCandidateWithoutPartsIsAnEmptyChoiceNotNoChoice() throws Exception {
        fx.fake().on(GENERATE, FakeProvider.json(200, "{\"candidates\":[{\"finishReason\":\"SAFETY\",\"index\":0,"
                + "\"safetyRatings\":[]}],\"usageMetadata\":{\"promptTokenCount\":3,\"totalTokenCount\":3}}"));
        ChatCompletion completion = fx.sdk().chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gemini-1.5-flash").addUserMessage("Hello").build());
        assertEquals(1, completion.choices().size());
        assertEquals("", completion.choices().get(0).message().content().orElse(""));
        assertEquals("content_filter", completion.choices().get(0).finishReason().asString());
        assertTrue(completion.choices().get(0).message().refusal().orElseThrow().contains("SAFETY"));
    }

    @Test
    void aBlockedPromptIsAContentFilterAnswerTheClientCanRead() throws Exception {
        fx.fake().on(GENERATE, FakeProvider.json(200, "{\"promptFeedback\":{\"blockReason\":\"SAFETY\","
                + "\"safetyRatings\":[]},\"usageMetadata\":{\"promptTokenCount\":4,\"totalTokenCount\":4}}"));
        ChatCompletion completion = fx.sdk().chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gemini-1.5-flash").addUserMessage("Hello").build());
        assertEquals(1, completion.choices().size());
        assertEquals("content_filter", completion.choices().get(0).finishReason().asString());
        assertTrue(completion.choices().get(0).message().refusal().orElseThrow().contains("SAFETY"));
    }

    @Test
    void googleErrorsBecomeOpenAiErrorsWithTheRightStatus() throws Exception {
        record Case(int upstream, String body, Map<String, String> headers, int expected, String retryAfter) {
        }
        String keyInvalid = "{\"error\":{\"code\":400,\"message\":\"API key not valid.\",\"status\":"
                + "\"INVALID_ARGUMENT\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\","
                + "\"reason\":\"API_KEY_INVALID\"}]}}";
        String quota = "{\"error\":{\"code\":429,\"message\":\"Quota exceeded\",\"status\":\"RESOURCE_EXHAUSTED\","
                + "\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"29.5s\"}]}}";
        List<Case> cases = List.of(
                new Case(400, googleError(400, "INVALID_ARGUMENT", "Bad field"), Map.of(), 400, null),
                new Case(400, keyInvalid, Map.of(), 401, null),
                new Case(403, googleError(403, "PERMISSION_DENIED", "No access"), Map.of(), 403, null),
                new Case(404, googleError(404, "NOT_FOUND", "No such model"), Map.of(), 404, null),
                new Case(429, quota, Map.of(), 429, "30"),
                new Case(429, googleError(429, "RESOURCE_EXHAUSTED", "Slow down"), Map.of("Retry-After", "7"), 429,
                        "7"),
                new Case(500, googleError(500, "INTERNAL", "Boom"), Map.of(), 502, null),
                new Case(503, "<html>unavailable</html>", Map.of(), 502, null));
        for (Case c : cases) {
            fx.fake().on(GENERATE, FakeProvider.json(c.upstream(), c.body(), c.headers()));
            HttpResponse<String> r = post("{\"model\":\"gemini-1.5-flash\",\"messages\":[{\"role\":\"user\","
                    + "\"content\":\"Hi\"}]}");
            assertEquals(c.expected(), r.statusCode(), c + " → " + r.body());
            JsonNode error = Json.parse(r.body()).get("error");
            assertTrue(error.isObject() && !error.path("message").asText().isEmpty(), r.body());
            assertEquals(c.retryAfter(), r.headers().firstValue("Retry-After").orElse(null), c.toString());
        }
        fx.fake().on(GENERATE, FakeProvider.json(400, googleError(400, "INVALID_ARGUMENT", "Bad field")));
        JsonNode error = Json.parse(post("{\"model\":\"gemini-1.5-flash\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Hi\"}]}").body()).get("error");
        assertEquals("Bad field", error.path("message").asText());
        assertEquals("INVALID_ARGUMENT", error.path("code").asText());
    }

    @Test
    void modelListHasTheGenerateContentModelsWithoutPrefix() throws Exception {
        fx.fake().on("/v1beta/models", FakeProvider.json(200, "{\"models\":["
                + "{\"name\":\"models/gemini-1.5-flash\",\"supportedGenerationMethods\":[\"generateContent\","
                + "\"countTokens\"]},"
                + "{\"name\":\"models/text-embedding-004\",\"supportedGenerationMethods\":[\"embedContent\"]}]}"));
        HttpResponse<String> r = SseClient.get(fx.gateway().baseUrl() + "/v1/models", RunningGateway.KEY);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode data = Json.parse(r.body()).get("data");
        assertEquals(1, data.size(), r.body());
        assertEquals("gemini-1.5-flash", data.get(0).path("id").asText());
        assertEquals("goog-key", fx.fake().lastRequest().header("x-goog-api-key"));
        assertFalse(fx.fake().lastRequest().pathAndQuery().contains("key="));
    }

    private static HttpResponse<String> post(String body) throws Exception {
        return SseClient.post(fx.chatUrl(), RunningGateway.KEY, body);
    }
}

package dev.onellmapi.frontdoor.responses;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.models.responses.EasyInputMessage;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.StructuredResponse;
import com.openai.models.responses.StructuredResponseCreateParams;
import dev.onellmapi.testing.AdminClient;
import dev.onellmapi.testing.GatewayWithFake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * openai-java's Responses API against the gateway, for an OpenAI model (passed through to the fake's /v1/responses)
 * and a Claude and a Gemini model (translated through the chat form), each provider a scripted fake model
 * ({@link ScriptedModels}): text, streamed and whole; a function tool round trip with the call sent back beside its
 * output; structured output; previous_response_id over two turns; store false.
 */
class ResponsesSdkTest {
    @RegisterExtension
    static final GatewayWithFake fx = new GatewayWithFake(ScriptedModels::settings);

    private static OpenAIClient sdk() {
        ScriptedModels.install(fx.fake());
        return fx.sdk();
    }

    static String text(Response response) {
        StringBuilder text = new StringBuilder();
        for (ResponseOutputItem item : response.output()) {
            item.message().ifPresent(m -> m.content().forEach(c -> c.outputText().ifPresent(t -> text.append(t
                    .text()))));
        }
        return text.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt-5", "claude-sonnet-4-5", "gemini-2.5-flash"})
    void text(String model) {
        Response response = sdk().responses().create(ResponseCreateParams.builder().model(model)
                .input("Hello there").build());
        assertEquals(ScriptedModels.who(model) + " heard: Hello there", text(response));
        assertTrue(response.usage().get().totalTokens() > 0);
        assertTrue(response.id().startsWith("resp_"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt-5", "claude-sonnet-4-5", "gemini-2.5-flash"})
    void textStreamed(String model) {
        StringBuilder deltas = new StringBuilder();
        Response[] completed = new Response[1];
        try (StreamResponse<ResponseStreamEvent> stream = sdk().responses().createStreaming(
                ResponseCreateParams.builder().model(model).input("Hello there").build())) {
            stream.stream().forEach(event -> {
                event.outputTextDelta().ifPresent(d -> deltas.append(d.delta()));
                event.completed().ifPresent(c -> completed[0] = c.response());
            });
        }
        assertEquals(ScriptedModels.who(model) + " heard: Hello there", deltas.toString());
        assertEquals(ScriptedModels.who(model) + " heard: Hello there", text(completed[0]));
        assertTrue(completed[0].usage().get().outputTokens() > 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt-5", "claude-sonnet-4-5", "gemini-2.5-flash"})
    void functionToolRoundTrip(String model) {
        OpenAIClient sdk = sdk();
        FunctionTool weather = FunctionTool.builder().name("get_weather").description("The weather in a city.")
                .strict(false).parameters(FunctionTool.Parameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                        .build()).build();
        ResponseInputItem question = ResponseInputItem.ofEasyInputMessage(EasyInputMessage.builder()
                .role(EasyInputMessage.Role.USER).content("What is the weather in Paris?").build());
        Response first = sdk.responses().create(ResponseCreateParams.builder().model(model).store(false)
                .inputOfResponse(List.of(question)).addTool(weather).build());
        ResponseFunctionToolCall call = first.output().stream().filter(ResponseOutputItem::isFunctionCall)
                .findFirst().orElseThrow().asFunctionCall();
        assertEquals("get_weather", call.name());
        assertTrue(call.arguments().contains("Paris"), call.arguments());

        Response second = sdk.responses().create(ResponseCreateParams.builder().model(model).store(false)
                .inputOfResponse(List.of(question, ResponseInputItem.ofFunctionCall(call),
                        ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
                                .callId(call.callId()).output("21C and sunny").build())))
                .addTool(weather).build());
        assertEquals(ScriptedModels.who(model) + " read: 21C and sunny", text(second));
    }

    /** The answer the structured output is parsed into. */
    public record Weather(String city, int temperature) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt-5", "claude-sonnet-4-5", "gemini-2.5-flash"})
    void structuredOutput(String model) {
        StructuredResponseCreateParams<Weather> params = ResponseCreateParams.builder().model(model)
                .input("The weather in Paris, as JSON.").text(Weather.class).build();
        StructuredResponse<Weather> response = sdk().responses().create(params);
        Weather weather = response.output().stream().flatMap(item -> item.message().stream())
                .flatMap(m -> m.content().stream()).flatMap(c -> c.outputText().stream()).findFirst().orElseThrow();
        assertEquals(new Weather("Paris", 21), weather);
    }

    @ParameterizedTest
    @ValueSource(strings = {"claude-sonnet-4-5", "gemini-2.5-flash"})
    void previousResponseIdContinuesTheConversationAndGetAndDeleteWork(String model) throws Exception {
        OpenAIClient sdk = sdk();
        Response first = sdk.responses().create(ResponseCreateParams.builder().model(model)
                .input("My name is Ann.").build());
        Response second = sdk.responses().create(ResponseCreateParams.builder().model(model)
                .previousResponseId(first.id()).input("What is my name?").build());
        assertEquals(ScriptedModels.who(model) + " heard: My name is Ann. | What is my name?", text(second));
        assertEquals(first.id(), second.previousResponseId().orElseThrow());

        Response fetched = sdk.responses().retrieve(second.id());
        assertEquals(text(second), text(fetched));

        String otherKey = new AdminClient(fx.gateway()).createKey("{\"name\": \"other-team\"}").get("key").asText();
        OpenAIClient other = OpenAIOkHttpClient.builder().apiKey(otherKey).baseUrl(fx.gateway().baseUrl() + "/v1")
                .maxRetries(0).build();
        assertThrows(NotFoundException.class, () -> other.responses().retrieve(second.id()));
        assertThrows(NotFoundException.class, () -> other.responses().create(ResponseCreateParams.builder()
                .model(model).previousResponseId(second.id()).input("And now?").build()));

        sdk.responses().delete(second.id());
        assertThrows(NotFoundException.class, () -> sdk.responses().retrieve(second.id()));
        // the first turn is still there, and continues on another provider
        Response elsewhere = sdk.responses().create(ResponseCreateParams.builder()
                .model(model.startsWith("claude") ? "gemini-2.5-flash" : "claude-sonnet-4-5")
                .previousResponseId(first.id()).input("Who?").build());
        assertTrue(text(elsewhere).endsWith("heard: My name is Ann. | Who?"), text(elsewhere));
        // and on OpenAI, passed through: the stored conversation goes as input items before the new input
        Response onOpenAi = sdk.responses().create(ResponseCreateParams.builder().model("gpt-5")
                .previousResponseId(first.id()).input("And you?").build());
        assertEquals("openai heard: My name is Ann. | And you?", text(onOpenAi));
        String sent = fx.fake().lastRequest().body();
        assertTrue(!sent.contains("previous_response_id") && !sent.contains(ReasoningItems.PREFIX), sent);
    }

    @ParameterizedTest
    @ValueSource(strings = {"claude-sonnet-4-5", "gemini-2.5-flash"})
    void storeFalseKeepsNothing(String model) {
        OpenAIClient sdk = sdk();
        Response response = sdk.responses().create(ResponseCreateParams.builder().model(model).store(false)
                .input("Forget me.").build());
        assertThrows(NotFoundException.class, () -> sdk.responses().retrieve(response.id()));
        assertThrows(NotFoundException.class, () -> sdk.responses().create(ResponseCreateParams.builder()
                .model(model).previousResponseId(response.id()).input("Again?").build()));
    }

    @Test
    void severalModelsAreAChatCompletionsFeature() {
        com.openai.errors.BadRequestException e = assertThrows(com.openai.errors.BadRequestException.class,
                () -> sdk().responses().create(ResponseCreateParams.builder().model("gpt-5,claude-sonnet-4-5")
                        .input("x").build()));
        assertTrue(e.getMessage().contains("Chat Completions"), e.getMessage());
    }
}

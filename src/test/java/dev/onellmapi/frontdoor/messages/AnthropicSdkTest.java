package dev.onellmapi.frontdoor.messages;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.NotFoundException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.RunningGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Anthropic's official Java SDK against the gateway's Messages door, for a Claude model (passed through to a fake
 * Anthropic) and an OpenAI and a Gemini model (translated to their fakes): whole and streamed answers, a tool round
 * trip, count_tokens, an unknown model.
 */
class AnthropicSdkTest {
    private static FakeProvider fake;
    private static RunningGateway gateway;
    private static AnthropicClient sdk;

    @BeforeAll
    static void start() throws Exception {
        fake = new FakeProvider();
        gateway = ScriptedModels.gateway(fake);
        fake.on("/v1/messages/count_tokens", FakeProvider.json(200, "{\"input_tokens\":321}"));
        sdk = AnthropicOkHttpClient.builder().apiKey(RunningGateway.KEY).baseUrl(gateway.baseUrl()).maxRetries(0)
                .build();
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        fake.close();
    }

    private static MessageCreateParams.Builder ask(String model, String text) {
        return MessageCreateParams.builder().model(model).maxTokens(32000).addUserMessage(text)
                .addTool(Tool.builder().name("Read").description("Reads a file")
                        .inputSchema(Tool.InputSchema.builder()
                                .putAdditionalProperty("$schema",
                                        JsonValue.from("https://json-schema.org/draft/2020-12/schema"))
                                .properties(JsonValue.from(Map.of("file_path", Map.of("type", "string"),
                                        "limit", Map.of("type", "integer", "exclusiveMinimum", 0))))
                                .required(List.of("file_path")).build())
                        .build());
    }

    @ParameterizedTest
    @ValueSource(strings = {"claude-sonnet-4-5", "gpt-4o", "gemini-2.0-flash"})
    void wholeAnswer(String model) {
        Message message = sdk.messages().create(ask(model, "Say hello").build());
        String provider = model.startsWith("claude") ? "anthropic" : model.startsWith("gpt") ? "openai" : "gemini";
        assertEquals("Hello from " + provider + ".", message.content().get(0).asText().text());
        assertEquals(StopReason.END_TURN, message.stopReason().orElseThrow());
        assertTrue(message.usage().outputTokens() > 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"claude-sonnet-4-5", "gpt-4o", "gemini-2.0-flash"})
    void streamedToolRoundTrip(String model) {
        MessageCreateParams first = ask(model, "READFILE /srv/notes.txt").build();
        Message call = streamed(first);
        assertEquals(StopReason.TOOL_USE, call.stopReason().orElseThrow());
        ToolUseBlock use = call.content().stream().filter(b -> b.isToolUse()).findFirst().orElseThrow().asToolUse();
        assertEquals("Read", use.name());
        assertEquals(Map.of("file_path", "/srv/notes.txt"), use._input().convert(Map.class));

        MessageCreateParams second = first.toBuilder().addMessage(call.toParam())
                .addUserMessageOfContentBlockParams(List.of(ContentBlockParam.ofToolResult(ToolResultBlockParam.builder()
                        .toolUseId(use.id()).content("secret content 42").build())))
                .build();
        Message answer = streamed(second);
        assertEquals(StopReason.END_TURN, answer.stopReason().orElseThrow());
        assertTrue(answer.content().get(0).asText().text().contains("secret content 42"),
                answer.content().toString());
        // whole, too
        assertTrue(sdk.messages().create(second).content().get(0).asText().text().contains("secret content 42"));
    }

    private static Message streamed(MessageCreateParams params) {
        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = sdk.messages().createStreaming(params)) {
            stream.stream().forEach(accumulator::accumulate);
        }
        return accumulator.message();
    }

    @Test
    void claudeIsPassedThroughWithTheClientsBytesAndHeaders() {
        fake.requests().clear();
        sdk.messages().create(ask("claude-sonnet-4-5", "Say hello").putAdditionalHeader("anthropic-beta",
                "some-future-flag-2099-01-01").build());
        FakeProvider.Request sent = fake.lastRequest();
        assertEquals("/v1/messages", sent.pathAndQuery());
        assertEquals("some-future-flag-2099-01-01", sent.header("anthropic-beta"));
        assertEquals("2026-10-21", sent.header("anthropic-version")); // the SDK's own, not the gateway's 2023-06-01
        assertEquals("sk-ant-up", sent.header("x-api-key"));
        assertTrue(sent.body().contains("\"$schema\":\"https://json-schema.org/draft/2020-12/schema\""));
    }

    @Test
    void countTokens() {
        assertEquals(321, sdk.messages().countTokens(MessageCountTokensParams.builder().model("claude-sonnet-4-5")
                .addUserMessage("Hello there").build()).inputTokens());
        long estimated = sdk.messages().countTokens(MessageCountTokensParams.builder().model("gpt-4o")
                .addUserMessage("Hello there").build()).inputTokens();
        assertTrue(estimated > 0 && estimated < 20, "estimated " + estimated);
    }

    @Test
    void unknownModelsAndSeveralModelsAreAnthropicErrors() {
        NotFoundException notFound = assertThrows(NotFoundException.class,
                () -> sdk.messages().create(ask("no-such-model", "Hi").build()));
        assertEquals(404, notFound.statusCode());
        BadRequestException several = assertThrows(BadRequestException.class,
                () -> sdk.messages().create(ask("gpt-4o,gemini-2.0-flash", "Hi").build()));
        assertTrue(several.getMessage().contains("Chat Completions"), several.getMessage());
        BadRequestException topK = assertThrows(BadRequestException.class,
                () -> sdk.messages().create(ask("gpt-4o", "Hi").putAdditionalBodyProperty("top_k", JsonValue.from(5)).build()));
        assertTrue(topK.getMessage().contains("top_k"), topK.getMessage());
        sdk.messages().create(ask("gemini-2.0-flash", "Hi").putAdditionalBodyProperty("top_k", JsonValue.from(5))
                .build());
        assertTrue(fake.lastRequest().body().contains("\"topK\":5"), fake.lastRequest().body());
    }
}

package dev.onellmapi.fanout;

import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.RunningGateway;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.onellmapi.provider.anthropic.AnthropicFixtures.blockStop;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.messageDelta;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.messageStart;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.messageStop;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.textDelta;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.textMessage;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.textStart;
import static dev.onellmapi.testing.FakeProvider.data;
import static dev.onellmapi.testing.OpenAiFixtures.chunk;
import static dev.onellmapi.testing.OpenAiFixtures.completion;
import static dev.onellmapi.testing.OpenAiFixtures.finalChunk;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The acceptance case: "gpt-4o,claude-3-5-sonnet-latest", each answer whole and separate, both modes. */
class MixedProvidersTest {
    /** OpenAI's include_usage chunk. */
    private static final String USAGE = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
            + "\"model\":\"gpt-4o\",\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":5,"
            + "\"total_tokens\":8}}";

    @Test
    void openAiAndClaudeSideBySide() throws Exception {
        try (FakeProvider openai = new FakeProvider(); FakeProvider anthropic = new FakeProvider();
             RunningGateway gateway = RunningGateway.start(Map.of(
                     "openai.api-key", "sk-up", "openai.api-base", openai.baseUrl() + "/v1",
                     "anthropic.api-key", "sk-ant", "anthropic.api-base", anthropic.baseUrl()))) {
            openai.on("/v1/chat/completions", (request, exchange) -> (request.body().contains("\"stream\":true")
                    ? FakeProvider.sse(List.of(data(chunk("gpt-4o", "Hello ")), data(chunk("gpt-4o", "from GPT")),
                    data(finalChunk("gpt-4o")), request.body().contains("include_usage") ? data(USAGE) : "",
                    "data: [DONE]\n\n"))
                    : FakeProvider.json(200, completion("gpt-4o", "Hello from GPT"))).write(request, exchange));
            anthropic.on("/v1/messages", (request, exchange) -> (request.body().contains("\"stream\":true")
                    ? FakeProvider.sse(List.of(messageStart(), textStart(0), textDelta(0, "Hello "),
                    textDelta(0, "from Claude"), blockStop(0), messageDelta("end_turn", 4), messageStop()))
                    : FakeProvider.json(200, textMessage("Hello from Claude"))).write(request, exchange));
            ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                    .model("gpt-4o,claude-3-5-sonnet-latest").addUserMessage("Say hello").build();

            Map<Long, StringBuilder> text = new TreeMap<>();
            Map<Long, String> model = new TreeMap<>();
            try (StreamResponse<ChatCompletionChunk> stream = gateway.sdk().chat().completions()
                    .createStreaming(params)) {
                stream.stream().forEach(c -> c.choices().forEach(ch -> {
                    text.computeIfAbsent(ch.index(), k -> new StringBuilder()).append(ch.delta().content().orElse(""));
                    model.put(ch.index(), c.model());
                }));
            }
            assertEquals("Hello from GPT", text.get(0L).toString());
            assertEquals("Hello from Claude", text.get(1L).toString());
            assertEquals(Map.of(0L, "gpt-4o", 1L, "claude-3-5-sonnet-latest"), model);

            // include_usage: the SDK keeps the last usage it reads, which must be the whole request's
            List<CompletionUsage> usages = new ArrayList<>();
            try (StreamResponse<ChatCompletionChunk> stream = gateway.sdk().chat().completions().createStreaming(
                    params.toBuilder().streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                            .build())) {
                stream.stream().forEach(c -> c.usage().ifPresent(usages::add));
            }
            assertEquals(1, usages.size());
            // GPT's final chunk reports 3 + 5; Claude's message_start 25 + 4 cached in, message_delta 4 out
            assertEquals(8 + 33, usages.get(0).totalTokens(), usages.toString());
            assertEquals(3 + 29, usages.get(0).promptTokens());

            ChatCompletion merged = gateway.sdk().chat().completions().create(params);
            assertEquals("Hello from GPT", merged.choices().get(0).message().content().orElseThrow());
            assertEquals("Hello from Claude", merged.choices().get(1).message().content().orElseThrow());
        }
    }
}

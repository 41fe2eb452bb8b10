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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static dev.onellmapi.provider.anthropic.AnthropicFixtures.blockStop;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.event;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.messageStart;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.messageStop;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.textDelta;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.textStart;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Anthropic's stream usage kept exactly: the final message_delta's usage is cumulative, input tokens included. */
class AnthropicCountsTest {
    @RegisterExtension
    static final GatewayWithFake fx = new GatewayWithFake(AnthropicFixtures::settings);

    @Test
    void theLastMessageDeltaUsageWinsForEveryField() throws Exception {
        // as Anthropic documents it after a server-side tool (web search): message_delta carries the whole usage
        fx.fake().on("/v1/messages", FakeProvider.sse(List.of(messageStart(), textStart(0), textDelta(0, "Found it"),
                blockStop(0),
                event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                        + "\"stop_sequence\":null},\"usage\":{\"input_tokens\":2679,\"cache_creation_input_tokens\":10,"
                        + "\"cache_read_input_tokens\":4,\"output_tokens\":338,"
                        + "\"server_tool_use\":{\"web_search_requests\":1}}}"),
                messageStop())));
        List<CompletionUsage> usages = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = fx.sdk().chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("claude-sonnet-4-5").addUserMessage("Search")
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(c -> c.usage().ifPresent(usages::add));
        }
        assertEquals(1, usages.size());
        CompletionUsage usage = usages.get(0);
        assertEquals(2679 + 10 + 4, usage.promptTokens(), "message_delta's input tokens replace message_start's 25");
        assertEquals(338, usage.completionTokens());
        assertEquals(2693 + 338, usage.totalTokens());
        assertEquals(4, usage.promptTokensDetails().orElseThrow().cachedTokens().orElseThrow());
    }

    @Test
    void aMessageDeltaWithOnlyOutputTokensKeepsTheInputOfMessageStart() throws Exception {
        fx.fake().on("/v1/messages", FakeProvider.sse(List.of(messageStart(), textStart(0), textDelta(0, "Hi"),
                blockStop(0), AnthropicFixtures.messageDelta("end_turn", 12), messageStop())));
        List<CompletionUsage> usages = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = fx.sdk().chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("claude-sonnet-4-5").addUserMessage("Hi")
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(c -> c.usage().ifPresent(usages::add));
        }
        JsonNode expected = Json.parse("{\"prompt_tokens\":29,\"completion_tokens\":12,\"total_tokens\":41}");
        assertEquals(expected.path("prompt_tokens").asLong(), usages.get(0).promptTokens());
        assertEquals(expected.path("completion_tokens").asLong(), usages.get(0).completionTokens());
        assertEquals(expected.path("total_tokens").asLong(), usages.get(0).totalTokens());
    }
}

package dev.onellmapi.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.onellmapi.wire.Json;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.RunningGateway;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.onellmapi.provider.anthropic.AnthropicFixtures.blockStop;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.messageDelta;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.messageStart;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.messageStop;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.textDelta;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.textMessage;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.textStart;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Types are reusable: an {@code anthropic}-type provider configured with its own base URL (an Anthropic-compatible
 * server, e.g. a proxy) beside the built-in Anthropic, each a fake server: requests translated for the Messages API
 * with the provider's own key and default max_tokens, answers and streams translated back.
 */
class AnthropicCompatibleProviderTest {
    private static FakeProvider.Answer messages() {
        return (request, exchange) -> (request.body().contains("\"stream\":true")
                ? FakeProvider.sse(List.of(messageStart(), textStart(0), textDelta(0, "Hello "),
                textDelta(0, "from the proxy"), blockStop(0), messageDelta("end_turn", 4), messageStop()))
                : FakeProvider.json(200, textMessage("Hello from the proxy"))).write(request, exchange);
    }

    @Test
    void anAnthropicCompatibleServerIsAProviderOfTypeAnthropic() throws Exception {
        try (FakeProvider proxy = new FakeProvider(); FakeProvider anthropic = new FakeProvider();
             RunningGateway gateway = RunningGateway.start(Map.of(
                     "anthropic.api-key", "sk-ant-builtin", "anthropic.api-base", anthropic.baseUrl(),
                     "gateway.providers.claude-proxy.type", "anthropic",
                     "gateway.providers.claude-proxy.api-base", proxy.baseUrl() + "/anthropic",
                     "gateway.providers.claude-proxy.api-keys", "proxy-key-12345",
                     "gateway.providers.claude-proxy.models", "proxy-claude-*",
                     "gateway.providers.claude-proxy.default-max-tokens", "1234"))) {
            proxy.on("/anthropic/v1/messages", messages());
            anthropic.on("/v1/messages", FakeProvider.json(200, textMessage("Hello from Anthropic")));

            ChatCompletion answer = gateway.sdk().chat().completions().create(ChatCompletionCreateParams.builder()
                    .model("proxy-claude-sonnet").addSystemMessage("Be brief").addUserMessage("Hi").build());
            assertEquals("Hello from the proxy", answer.choices().get(0).message().content().orElse(""));
            FakeProvider.Request sent = proxy.lastRequest();
            assertEquals("proxy-key-12345", sent.header("x-api-key"));
            assertEquals("2023-06-01", sent.header("anthropic-version"));
            JsonNode body = Json.parse(sent.body());
            assertEquals("proxy-claude-sonnet", body.path("model").asText());
            assertEquals("Be brief", body.at("/system/0/text").asText(body.path("system").asText()),
                    "translated for the Messages API: " + body);
            assertEquals(1234, body.path("max_tokens").asInt(), "the provider's default max_tokens");

            StringBuilder text = new StringBuilder();
            try (StreamResponse<ChatCompletionChunk> stream = gateway.sdk().chat().completions().createStreaming(
                    ChatCompletionCreateParams.builder().model("claude-proxy/any-claude").addUserMessage("Hi")
                            .build())) {
                stream.stream().forEach(c -> c.choices().forEach(ch -> text.append(ch.delta().content()
                        .orElse(""))));
            }
            assertEquals("Hello from the proxy", text.toString());
            assertEquals("any-claude", Json.parse(proxy.lastRequest().body()).path("model").asText());

            ChatCompletion builtIn = gateway.sdk().chat().completions().create(ChatCompletionCreateParams.builder()
                    .model("claude-3-5-sonnet-latest").addUserMessage("Hi").build());
            assertEquals("Hello from Anthropic", builtIn.choices().get(0).message().content().orElse(""));
            assertEquals("sk-ant-builtin", anthropic.lastRequest().header("x-api-key"));
            assertEquals(4096, Json.parse(anthropic.lastRequest().body()).path("max_tokens").asInt(),
                    "the built-in keeps ANTHROPIC_DEFAULT_MAX_TOKENS");
            assertEquals(2, proxy.requests().size());
        }
    }
}

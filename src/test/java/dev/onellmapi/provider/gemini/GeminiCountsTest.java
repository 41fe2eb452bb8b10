package dev.onellmapi.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.completions.CompletionUsage;
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
import static dev.onellmapi.provider.gemini.GeminiFixtures.STREAM;
import static dev.onellmapi.provider.gemini.GeminiFixtures.candidate;
import static dev.onellmapi.provider.gemini.GeminiFixtures.event;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Gemini's counts kept exactly: cached prompt tokens and thinking tokens in OpenAI's detail fields, and a 429 whose
 * only wait is {@code RetryInfo.retryDelay} in its body deciding whether the call is retried.
 */
class GeminiCountsTest {
    @RegisterExtension
    static final GatewayWithFake fx = new GatewayWithFake(fake -> Map.of("gemini.api-key", "goog-key",
            "gemini.api-base", fake.baseUrl(), "gateway.upstream-retries", "2",
            "gateway.upstream-retry-delay-ms", "50", "gateway.upstream-retry-after-max-seconds", "3"));

    /** usageMetadata as Gemini 2.5 writes it for a long prompt it cached by itself, with thinking. */
    private static final String USAGE = "\"usageMetadata\":{\"promptTokenCount\":1200,\"candidatesTokenCount\":30,"
            + "\"totalTokenCount\":1330,\"cachedContentTokenCount\":1024,\"thoughtsTokenCount\":100,"
            + "\"promptTokensDetails\":[{\"modality\":\"TEXT\",\"tokenCount\":1200}],"
            + "\"cacheTokensDetails\":[{\"modality\":\"TEXT\",\"tokenCount\":1024}]}";

    private static final JsonNode EXPECTED = parse("{\"prompt_tokens\":1200,\"completion_tokens\":130,"
            + "\"total_tokens\":1330,\"prompt_tokens_details\":{\"cached_tokens\":1024},"
            + "\"completion_tokens_details\":{\"reasoning_tokens\":100}}");

    @Test
    void cachedAndThinkingTokensAreInTheDetailsOfAWholeAnswer() throws Exception {
        fx.fake().on(GENERATE, FakeProvider.json(200, "{\"candidates\":[" + candidate(0, "Hi", "STOP") + "],"
                + USAGE + "}"));
        ChatCompletion answer = fx.sdk().chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gemini-1.5-flash").addUserMessage("Hello").build());
        CompletionUsage usage = answer.usage().orElseThrow();
        assertEquals(1200, usage.promptTokens());
        assertEquals(130, usage.completionTokens(), "thinking tokens stay inside completion_tokens");
        assertEquals(1024, usage.promptTokensDetails().orElseThrow().cachedTokens().orElseThrow());
        assertEquals(100, usage.completionTokensDetails().orElseThrow().reasoningTokens().orElseThrow());
        assertEquals(1330, usage.totalTokens());
    }

    @Test
    void cachedAndThinkingTokensAreInTheDetailsOfAStreamsUsageChunk() throws Exception {
        fx.fake().on(STREAM, FakeProvider.sse(List.of(
                event("{\"candidates\":[" + candidate(0, "H", null) + "],\"usageMetadata\":{\"promptTokenCount\":1200,"
                        + "\"totalTokenCount\":1300,\"cachedContentTokenCount\":1024,\"thoughtsTokenCount\":100}}"),
                event("{\"candidates\":[" + candidate(0, "i", "STOP") + "]," + USAGE + "}"))));
        List<String> chunks = SseClient.stream(fx.chatUrl(), RunningGateway.KEY, "{\"model\":\"gemini-1.5-flash\","
                + "\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}").rest();
        assertEquals("[DONE]", chunks.get(chunks.size() - 1));
        assertEquals(EXPECTED, Json.parse(chunks.get(chunks.size() - 2)).get("usage"));
    }

    @Test
    void aRetryDelayInTheBodyOverTheCapMeansOneCallAndTheWaitForTheClient() throws Exception {
        fx.fake().on(GENERATE, FakeProvider.inTurn(FakeProvider.json(429, rateLimited("120s")),
                FakeProvider.json(200, "{\"candidates\":[" + candidate(0, "late", "STOP") + "]}")));
        HttpResponse<String> r = post();
        assertEquals(429, r.statusCode(), r.body());
        assertEquals("120", r.headers().firstValue("Retry-After").orElse(null));
        assertEquals(1, fx.fake().requests().size(), "a wait over UPSTREAM_RETRY_AFTER_MAX_SECONDS is not retried");
    }

    @Test
    void aShortRetryDelayInTheBodyIsWaitedOutAndRetried() throws Exception {
        fx.fake().on(GENERATE, FakeProvider.inTurn(FakeProvider.json(429, rateLimited("1s")),
                FakeProvider.json(200, "{\"candidates\":[" + candidate(0, "second", "STOP") + "]}")));
        long start = System.nanoTime();
        HttpResponse<String> r = post();
        long waited = (System.nanoTime() - start) / 1_000_000;
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(2, fx.fake().requests().size());
        assertEquals(true, waited >= 900, "the retry waited the body's 1 s, not the 50 ms back-off: " + waited);
    }

    private static HttpResponse<String> post() throws Exception {
        return SseClient.post(fx.chatUrl(), RunningGateway.KEY,
                "{\"model\":\"gemini-1.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");
    }

    /** Google's 429 as the Gemini API writes it: the wait only in a RetryInfo detail, no Retry-After header. */
    private static String rateLimited(String delay) {
        return "{\"error\":{\"code\":429,\"message\":\"You exceeded your current quota.\",\"status\":"
                + "\"RESOURCE_EXHAUSTED\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.QuotaFailure\","
                + "\"violations\":[{\"quotaMetric\":\"generativelanguage.googleapis.com/generate_content_free_tier_requests\","
                + "\"quotaId\":\"GenerateRequestsPerMinutePerProjectPerModel-FreeTier\"}]},"
                + "{\"@type\":\"type.googleapis.com/google.rpc.Help\",\"links\":[{\"description\":\"Learn more\","
                + "\"url\":\"https://ai.google.dev/gemini-api/docs/rate-limits\"}]},"
                + "{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"" + delay + "\"}]}}";
    }

    private static JsonNode parse(String json) {
        try {
            return Json.parse(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

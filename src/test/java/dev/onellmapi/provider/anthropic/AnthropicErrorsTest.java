package dev.onellmapi.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.errors.BadRequestException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.onellmapi.wire.Json;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.GatewayWithFake;
import dev.onellmapi.testing.RunningGateway;
import dev.onellmapi.testing.SseClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Anthropic's failures in OpenAI's error shape, and Claude models in GET /v1/models. */
class AnthropicErrorsTest {
    @RegisterExtension
    static final GatewayWithFake fx = new GatewayWithFake(fake -> Map.of(
                "anthropic.api-key", "sk-ant-upstream",
                "anthropic.api-base", fake.baseUrl(),
                "gateway.models-cache-seconds", "0"));

    private static String anthropicError(String type, String message) {
        return "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message + "\"}}";
    }

    private static ChatCompletionCreateParams hello() {
        return ChatCompletionCreateParams.builder().model("claude-sonnet-4-5").addUserMessage("Hi").build();
    }

    @Test
    void clientErrorsKeepTheirStatusAndMessage() throws Exception {
        fx.fake().on("/v1/messages", FakeProvider.json(400, anthropicError("invalid_request_error",
                "messages: roles must alternate")));
        BadRequestException bad = assertThrows(BadRequestException.class, () -> fx.sdk().chat().completions()
                .create(hello()));
        assertEquals(400, bad.statusCode());
        assertEquals("invalid_request_error", bad.type().orElseThrow());
        assertTrue(bad.getMessage().contains("roles must alternate"), bad.getMessage());

        fx.fake().on("/v1/messages", FakeProvider.json(401, anthropicError("authentication_error",
                "invalid x-api-key")));
        UnauthorizedException unauthorized = assertThrows(UnauthorizedException.class, () -> fx.sdk().chat().completions()
                .create(hello()));
        assertEquals("authentication_error", unauthorized.type().orElseThrow());

        fx.fake().on("/v1/messages", FakeProvider.json(413, anthropicError("request_too_large", "too big")));
        assertEquals(413, post(false).statusCode());
    }

    @Test
    void rateLimitKeepsRetryAfterInBothModes() throws Exception {
        fx.fake().on("/v1/messages", FakeProvider.json(429, anthropicError("rate_limit_error", "slow down"),
                Map.of("retry-after", "17")));
        for (boolean stream : List.of(false, true)) {
            fx.fake().requests().clear();
            long start = System.nanoTime();
            HttpResponse<String> r = post(stream);
            assertTrue(System.nanoTime() - start < 5_000_000_000L, "answered at once, not after Retry-After");
            assertEquals(1, fx.fake().requests().size(), "the gateway does not retry by itself");
            assertEquals(429, r.statusCode(), r.body());
            assertEquals("17", r.headers().firstValue("retry-after").orElse(null));
            JsonNode error = Json.parse(r.body()).path("error");
            assertEquals("rate_limit_error", error.path("type").asText());
            assertEquals("slow down", error.path("message").asText());
        }
    }

    @Test
    void serverErrorsBecome502AndOverloadedBecomes503() throws Exception {
        fx.fake().on("/v1/messages", FakeProvider.json(500, anthropicError("api_error", "Internal error")));
        HttpResponse<String> r = post(false);
        assertEquals(502, r.statusCode(), r.body());
        assertTrue(Json.parse(r.body()).path("error").path("message").asText().contains("Internal error"));

        fx.fake().on("/v1/messages", FakeProvider.json(529, anthropicError("overloaded_error", "Overloaded")));
        OpenAIServiceException overloaded = assertThrows(OpenAIServiceException.class, () -> fx.sdk().chat().completions()
                .create(hello()));
        assertEquals(503, overloaded.statusCode());
        assertEquals("overloaded_error", overloaded.type().orElseThrow());
    }

    @Test
    void unreachableAnthropicIs502() throws Exception {
        try (RunningGateway unreachable = RunningGateway.start(Map.of("anthropic.api-key", "k",
                "anthropic.api-base", "http://127.0.0.1:1"))) {
            HttpResponse<String> r = SseClient.post(unreachable.baseUrl() + "/v1/chat/completions",
                    RunningGateway.KEY, "{\"model\":\"claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\","
                            + "\"content\":\"Hi\"}]}");
            assertEquals(502, r.statusCode(), r.body());
            assertEquals("upstream_unreachable", Json.parse(r.body()).path("error").path("code").asText());
        }
    }

    @Test
    void modelsComeFromAnthropicOrTheBuiltInList() throws Exception {
        fx.fake().on("/v1/models", FakeProvider.json(200, "{\"data\":[{\"type\":\"model\",\"id\":"
                + "\"claude-sonnet-4-5-20250929\",\"display_name\":\"Claude Sonnet 4.5\",\"created_at\":"
                + "\"2025-09-29T00:00:00Z\"}],\"has_more\":false}"));
        assertEquals(List.of("claude-sonnet-4-5-20250929"), modelIds());
        assertEquals(1759104000L, Json.parse(SseClient.get(fx.gateway().baseUrl() + "/v1/models", RunningGateway.KEY)
                .body()).path("data").path(0).path("created").asLong());
        FakeProvider.Request sent = fx.fake().lastRequest();
        assertEquals("sk-ant-upstream", sent.header("x-api-key"));
        assertEquals("2023-06-01", sent.header("anthropic-version"));
        assertTrue(sent.pathAndQuery().startsWith("/v1/models"));

        fx.fake().on("/v1/models", FakeProvider.json(500, anthropicError("api_error", "down")));
        assertEquals(AnthropicModels.KNOWN, modelIds());
    }

    @Test
    void configuredFallbackListWinsOverTheBuiltInOne() {
        assertEquals(List.of("claude-a", "claude-b"), new AnthropicModels(" claude-a, ,claude-b ").fallback(null)
                .stream().map(m -> m.path("id").asText()).toList());
        assertEquals(AnthropicModels.KNOWN, new AnthropicModels("").fallback(null).stream()
                .map(m -> m.path("id").asText()).toList());
    }

    private static List<String> modelIds() throws Exception {
        HttpResponse<String> r = SseClient.get(fx.gateway().baseUrl() + "/v1/models", RunningGateway.KEY);
        assertEquals(200, r.statusCode(), r.body());
        List<String> ids = new ArrayList<>();
        for (JsonNode model : Json.parse(r.body()).path("data")) {
            assertEquals("anthropic", model.path("owned_by").asText());
            ids.add(model.path("id").asText());
        }
        return ids;
    }

    private static HttpResponse<String> post(boolean stream) throws Exception {
        return SseClient.post(fx.chatUrl(), RunningGateway.KEY,
                "{\"model\":\"claude-sonnet-4-5\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"Hi\"}]}");
    }
}

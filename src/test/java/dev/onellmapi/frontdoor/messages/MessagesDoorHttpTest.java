package dev.onellmapi.frontdoor.messages;

import com.fasterxml.jackson.databind.JsonNode;
import dev.onellmapi.wire.Json;
import dev.onellmapi.testing.AdminClient;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.RunningGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Messages door over plain HTTP: the bytes of a passed-through stream, headers, errors, the model list. */
class MessagesDoorHttpTest {
    private static FakeProvider fake;
    private static RunningGateway gateway;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        fake = new FakeProvider();
        gateway = RunningGateway.start(Map.of("openai.api-key", "sk-up-openai", "openai.api-base",
                fake.baseUrl() + "/v1", "anthropic.api-key", "sk-ant-up", "anthropic.api-base", fake.baseUrl()));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        fake.close();
    }

    @BeforeEach
    void reset() {
        fake.reset();
    }

    private static HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void aRecordedThinkingStreamIsRelayedByteForByte() throws Exception {
        String recorded;
        try (InputStream in = getClass().getResourceAsStream("anthropic-thinking-stream.sse")) {
            recorded = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        fake.on("/v1/messages", FakeProvider.sse(List.of(recorded)));
        String body = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":2048,\"stream\":true,\"thinking\":{\"type\":"
                + "\"enabled\",\"budget_tokens\":1024},\"messages\":[{\"role\":\"user\",\"content\":\"GCD?\","
                + "\"cache_control\":{\"type\":\"ephemeral\"}}]}";
        HttpResponse<String> answer = post("/v1/messages?beta=true", body, "x-api-key", RunningGateway.KEY,
                "anthropic-version", "2023-06-01", "anthropic-beta", "interleaved-thinking-2025-05-14,unheard-of-9");
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals(recorded, answer.body());
        FakeProvider.Request sent = fake.lastRequest();
        assertEquals(body, sent.body()); // the model name needed no change: every byte as the client sent it
        assertEquals("interleaved-thinking-2025-05-14,unheard-of-9", sent.header("anthropic-beta"));
        assertEquals(null, sent.header("authorization"));
        // the ledger's row has Anthropic's usage, read beside the relayed bytes: cache writes and reads in the prompt
        JsonNode row = new AdminClient(gateway).await("/admin/requests?model=claude-sonnet-4-5",
                list -> list.get("data").size() == 1).get("data").get(0);
        assertEquals(1520 + 1024 + 20480, row.path("prompt_tokens").asLong(), row.toString());
        assertEquals(20480, row.path("cached_tokens").asLong());
        assertEquals(187, row.path("completion_tokens").asLong());
        assertFalse(row.path("usage_estimated").asBoolean());
    }

    @Test
    void translatedStreamsNameWhatWasLeftOut() throws Exception {
        fake.on("/v1/chat/completions", ScriptedModels.openAi());
        HttpResponse<String> answer = post("/v1/messages", "{\"model\":\"gpt-4o\",\"max_tokens\":32000,\"stream\":"
                + "true,\"context_management\":{},\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\","
                + "\"text\":\"Hi\",\"cache_control\":{\"type\":\"ephemeral\"}}]}]}",
                "Authorization", "Bearer " + RunningGateway.KEY);
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals("cache_control,context_management",
                answer.headers().firstValue(MessagesDoor.IGNORED).orElse(""));
        assertTrue(answer.headers().firstValue("x-request-id").isPresent());
        assertTrue(answer.body().startsWith("event: message_start\n"), answer.body());
        assertTrue(answer.body().endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"));
        assertEquals(16384, Json.parse(fake.lastRequest().body()).path("max_completion_tokens").asInt());
    }

    @Test
    void aStreamBrokenAfterItsStartEndsWithAnErrorEvent() throws Exception {
        fake.on("/v1/chat/completions", FakeProvider.sse(List.of(FakeProvider.data("{\"id\":\"c\",\"object\":"
                + "\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"content\":\"Half\"},\"finish_reason\":null}]}"))));
        HttpResponse<String> answer = post("/v1/messages", "{\"model\":\"gpt-4o\",\"max_tokens\":10,\"stream\":"
                + "true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", "x-api-key", RunningGateway.KEY);
        assertEquals(200, answer.statusCode());
        assertTrue(answer.body().contains("\"text\":\"Half\""), answer.body());
        String last = answer.body().substring(answer.body().lastIndexOf("event: "));
        assertTrue(last.startsWith("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\""),
                answer.body());
        assertFalse(answer.body().contains("message_stop"));
    }

    @Test
    void errorsAreAnthropicsShape() throws Exception {
        HttpResponse<String> noKey = post("/v1/messages", "{}");
        assertEquals(401, noKey.statusCode());
        assertEquals("authentication_error", Json.parse(noKey.body()).path("error").path("type").asText());
        HttpResponse<String> bad = post("/v1/messages", "{\"model\":\"gpt-4o\",\"messages\":[]}",
                "x-api-key", RunningGateway.KEY);
        assertEquals(400, bad.statusCode());
        assertEquals("error", Json.parse(bad.body()).path("type").asText());
        assertEquals("invalid_request_error", Json.parse(bad.body()).path("error").path("type").asText());
        fake.on("/v1/chat/completions", FakeProvider.json(429, "{\"error\":{\"message\":\"slow down\",\"type\":"
                + "\"rate_limit_error\"}}", Map.of("Retry-After", "7")));
        HttpResponse<String> limited = post("/v1/messages", "{\"model\":\"gpt-4o\",\"max_tokens\":10,\"stream\":"
                + "true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", "x-api-key", RunningGateway.KEY);
        assertEquals(429, limited.statusCode(), limited.body());
        assertEquals("rate_limit_error", Json.parse(limited.body()).path("error").path("type").asText());
    }

    @Test
    void aVirtualKeysLimitsUnderAnthropicsNames() throws Exception {
        fake.on("/v1/chat/completions", ScriptedModels.openAi());
        String key = new AdminClient(gateway).createKey("{\"rpm_limit\": 1}").get("key").asText();
        String body = "{\"model\":\"gpt-4o\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
        HttpResponse<String> first = post("/v1/messages", body, "x-api-key", key);
        assertEquals(200, first.statusCode(), first.body());
        assertEquals("1", first.headers().firstValue("anthropic-ratelimit-requests-limit").orElse(""));
        assertEquals("0", first.headers().firstValue("anthropic-ratelimit-requests-remaining").orElse(""));
        assertTrue(first.headers().firstValue("anthropic-ratelimit-requests-reset").orElse("").endsWith("Z"));
        assertTrue(first.headers().firstValue("x-ratelimit-limit-requests").isEmpty());
        HttpResponse<String> second = post("/v1/messages", body, "x-api-key", key);
        assertEquals(429, second.statusCode(), second.body());
        assertEquals("rate_limit_error", Json.parse(second.body()).path("error").path("type").asText());
        assertTrue(second.headers().firstValue("retry-after").isPresent());
        assertEquals("0", second.headers().firstValue("anthropic-ratelimit-requests-remaining").orElse(""));
    }

    @Test
    void theModelListInAnthropicsShapeWhenAsked() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/models"))
                .header("x-api-key", RunningGateway.KEY).header("anthropic-version", "2023-06-01").build();
        HttpResponse<String> list = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, list.statusCode());
        assertTrue(Json.parse(list.body()).has("has_more"), list.body());
        HttpResponse<Void> head = HTTP.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(200, head.statusCode());
    }
}

package dev.onellmapi.frontdoor.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.Json;
import dev.onellmapi.testing.AdminClient;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.GatewayWithFake;
import dev.onellmapi.testing.RunningGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pass-through for OpenAI: the client's body reaches the provider with only the model replaced, and the provider's
 * answer and stream reach the client byte for byte (a recorded-shape stream with reasoning encrypted_content); the
 * usage in it is counted; a stream cut off ends with response.failed.
 */
class ResponsesRelayTest {
    @RegisterExtension
    static final GatewayWithFake fx = new GatewayWithFake(fake -> Map.of(
            "openai.api-key", "sk-upstream", "openai.api-base", fake.baseUrl() + "/v1"));

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static HttpResponse<byte[]> post(String body, Map<String, String> headers) throws Exception {
        return post(fx.gateway(), body, headers);
    }

    static HttpResponse<byte[]> post(RunningGateway gateway, String body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/responses"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + RunningGateway.KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::setHeader);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static FakeProvider.Answer raw(String contentType, byte[] bytes) {
        return (request, exchange) -> {
            exchange.getResponseHeaders().add("Content-Type", contentType);
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        };
    }

    /** What Codex sends back on a later turn, to OpenAI: its reasoning with encrypted_content, built-in tools. */
    private static final String CODEX_LIKE = "{\"model\":\"openai/gpt-5\",\"instructions\":null,\"input\":["
            + "{\"type\":\"reasoning\",\"id\":\"rs_1\",\"summary\":[],\"encrypted_content\":\"gAAAAABo\\u00e9X==\"},"
            + "{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"caf\u00e9 \ud83d\udc4b\"}]}],"
            + "\"tools\":[{\"type\":\"web_search\",\"external_web_access\":true}],"
            + "\"include\":[\"reasoning.encrypted_content\"],  \"store\":false,\"previous_response_id\":null,"
            + "\"prompt_cache_key\":\"k1\",\"a_field_from_the_future\":{\"x\":[1,2.50]},\"stream\":true}";

    @Test
    void theRecordedStreamReachesTheClientByteForByteAndItsUsageIsCounted() throws Exception {
        byte[] recorded = ResponsesPassThroughTest.resource("openai-reasoning-stream.sse");
        fx.fake().on("/v1/responses", raw("text/event-stream", recorded));
        HttpResponse<byte[]> answer = post(CODEX_LIKE, Map.of("x-client-request-id", "client-req-7",
                "session-id", "s-1"));
        assertEquals(200, answer.statusCode());
        assertTrue(answer.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
        assertArrayEquals(recorded, answer.body(), () -> new String(answer.body(), StandardCharsets.UTF_8));
        assertNotNull(answer.headers().firstValue("x-request-id").orElse(null));

        FakeProvider.Request sent = fx.fake().lastRequest();
        assertEquals("/v1/responses", sent.pathAndQuery());
        assertEquals(CODEX_LIKE.replace("\"openai/gpt-5\"", "\"gpt-5\""), sent.body());
        assertEquals("Bearer sk-upstream", sent.header("Authorization"));
        assertEquals("client-req-7", sent.header("x-client-request-id"));
        assertEquals(null, sent.header("session-id"));

        JsonNode rows = new AdminClient(fx.gateway()).await("/admin/requests",
                list -> list.path("data").size() > 0 && list.at("/data/0/prompt_tokens").asInt() == 1843)
                .get("data");
        assertEquals(212, rows.at("/0/completion_tokens").asInt());
        assertEquals(1536, rows.at("/0/cached_tokens").asInt());
        assertTrue(rows.at("/0/stream").asBoolean());
    }

    @Test
    void aWholeAnswerIsTheProvidersBytes() throws Exception {
        byte[] whole = ("{ \"id\": \"resp_1\", \"object\": \"response\", \"status\": \"completed\",\n"
                + "  \"output\": [{\"type\": \"reasoning\", \"id\": \"rs_1\", \"summary\": [], \"encrypted_content\": "
                + "\"gAAAAAB\\/x==\"}], \"usage\": {\"input_tokens\": 5, \"output_tokens\": 2, \"total_tokens\": 7},"
                + " \"future\": 1.50 }").getBytes(StandardCharsets.UTF_8);
        fx.fake().on("/v1/responses", raw("application/json", whole));
        HttpResponse<byte[]> answer = post("{\"model\":\"gpt-5\",\"input\":\"hi\"}", Map.of());
        assertEquals(200, answer.statusCode());
        assertArrayEquals(whole, answer.body());
    }

    @Test
    void aStreamCutOffEndsWithResponseFailed() throws Exception {
        String recorded = new String(ResponsesPassThroughTest.resource("openai-reasoning-stream.sse"),
                StandardCharsets.UTF_8);
        String[] frames = recorded.split("(?<=\n\n)");
        String firstFive = String.join("", Arrays.copyOf(frames, 5));
        fx.fake().on("/v1/responses", raw("text/event-stream", firstFive.getBytes(StandardCharsets.UTF_8)));
        HttpResponse<byte[]> answer = post("{\"model\":\"gpt-5\",\"input\":\"hi\",\"stream\":true}", Map.of());
        String text = new String(answer.body(), StandardCharsets.UTF_8);
        assertTrue(text.startsWith(firstFive), text);
        String last = text.substring(firstFive.length());
        assertTrue(last.startsWith("event: response.failed\ndata: "), last);
        ObjectNode failed = (ObjectNode) Json.parse(last.substring(last.indexOf("data: ") + 6).strip());
        assertEquals(5, failed.get("sequence_number").asInt());
        assertEquals("failed", failed.at("/response/status").asText());
        assertEquals("resp_0a7bd1e3c9f2d6a10068af4e05d8c08190a1e5c2b7f1d3e4a6", failed.at("/response/id").asText());
        assertEquals("stream_broken", failed.at("/response/error/code").asText());
    }

    @Test
    void providerErrorsKeepOpenAisShapeAndStatus() throws Exception {
        fx.fake().on("/v1/responses", FakeProvider.json(429, "{\"error\":{\"message\":\"Rate limit reached\","
                + "\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}", Map.of("Retry-After",
                "3")));
        HttpResponse<byte[]> answer = post("{\"model\":\"gpt-5\",\"input\":\"hi\",\"stream\":true}", Map.of());
        assertEquals(429, answer.statusCode());
        assertEquals("3", answer.headers().firstValue("retry-after").orElse(null));
        JsonNode error = Json.parse(answer.body()).get("error");
        assertEquals("rate_limit_exceeded", error.get("code").asText());
    }
}

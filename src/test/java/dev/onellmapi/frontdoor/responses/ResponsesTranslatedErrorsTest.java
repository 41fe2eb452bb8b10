package dev.onellmapi.frontdoor.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.Json;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.GatewayWithFake;
import dev.onellmapi.testing.RunningGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A translated provider's failures through the Responses door: before the stream an HTTP error in OpenAI's shape with
 * its status; after it began, response.failed; what cannot be done a 400 naming the Responses parameter; what is
 * left out named in x-one-llm-api-ignored.
 */
class ResponsesTranslatedErrorsTest {
    @RegisterExtension
    static final GatewayWithFake fx = new GatewayWithFake(fake -> Map.of(
            "anthropic.api-key", "sk-ant-upstream", "anthropic.api-base", fake.baseUrl()));

    private static HttpResponse<byte[]> post(String body) throws Exception {
        return ResponsesRelayTest.post(fx.gateway(), body, Map.of());
    }

    @Test
    void aProviderErrorBeforeTheStreamIsAnHttpError() throws Exception {
        fx.fake().on("/v1/messages", FakeProvider.json(429, "{\"type\":\"error\",\"error\":{\"type\":"
                + "\"rate_limit_error\",\"message\":\"Number of requests has exceeded your rate limit\"}}",
                Map.of("retry-after", "7")));
        HttpResponse<byte[]> answer = post("{\"model\":\"claude-sonnet-4-5\",\"input\":\"hi\",\"stream\":true}");
        assertEquals(429, answer.statusCode());
        assertEquals("7", answer.headers().firstValue("retry-after").orElse(null));
        assertTrue(Json.parse(answer.body()).get("error").isObject());
    }

    @Test
    void aStreamThatBreaksOffEndsWithResponseFailed() throws Exception {
        fx.fake().on("/v1/messages", (request, exchange) -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\","
                        + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[],"
                        + "\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}}\n\n"
                        + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
                        + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
                        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                        + "\"delta\":{\"type\":\"text_delta\",\"text\":\"Hel\"}}\n\n").getBytes(StandardCharsets.UTF_8));
            }
        });
        HttpResponse<byte[]> answer = post("{\"model\":\"claude-sonnet-4-5\",\"input\":\"hi\",\"stream\":true}");
        assertEquals(200, answer.statusCode());
        List<ObjectNode> events = new ArrayList<>();
        for (String frame : new String(answer.body(), StandardCharsets.UTF_8).split("\n\n")) {
            events.add((ObjectNode) Json.parse(frame.substring(frame.indexOf("data: ") + 6)));
        }
        for (int i = 0; i < events.size(); i++) {
            assertEquals(i, events.get(i).get("sequence_number").asInt());
        }
        ObjectNode last = events.get(events.size() - 1);
        assertEquals("response.failed", last.get("type").asText(), events.toString());
        assertEquals("stream_broken", last.at("/response/error/code").asText());
        assertTrue(events.stream().anyMatch(e -> "Hel".equals(e.path("delta").asText())));
    }

    @Test
    void whatCannotBeDoneIsA400NamingTheResponsesParameter() throws Exception {
        HttpResponse<byte[]> answer = post("{\"model\":\"claude-sonnet-4-5\",\"input\":[{\"role\":\"user\","
                + "\"content\":[{\"type\":\"input_file\",\"file_id\":\"file-1\"}]}]}");
        assertEquals(400, answer.statusCode());
        assertEquals("input[0].content[0]", Json.parse(answer.body()).at("/error/param").asText());
        // the chat door's own rules, named as the Responses API names them
        HttpResponse<byte[]> penalty = post("{\"model\":\"claude-sonnet-4-5\",\"input\":\"x\","
                + "\"max_output_tokens\":0}");
        assertEquals(400, penalty.statusCode());
        assertEquals("max_output_tokens", Json.parse(penalty.body()).at("/error/param").asText());
        assertEquals(404, post("{\"model\":\"no-such-model\",\"input\":\"x\"}").statusCode());
        assertEquals(400, post("{\"model\":\"gpt-4o,claude-sonnet-4-5\",\"input\":\"x\"}").statusCode());
    }

    @Test
    void codexsRequestIsAnsweredWithWhatWasLeftOutNamed() throws Exception {
        ScriptedModels.install(fx.fake());
        ObjectNode codex = ResponsesRequestMapperTest.fixture("codex-turn1-body.json");
        HttpResponse<byte[]> answer = post(Json.text(codex));
        assertEquals(200, answer.statusCode(), new String(answer.body(), StandardCharsets.UTF_8));
        String ignored = answer.headers().firstValue(ChatTranslation.IGNORED_HEADER).orElse("");
        assertEquals(List.of("prompt_cache_key", "client_metadata", "tools[web_search]"),
                List.of(ignored.split(",")));
        JsonNode sent = Json.parse(fx.fake().lastRequest().body());
        assertEquals("user", sent.at("/messages/0/role").asText());
        assertEquals(1, sent.get("messages").size(), "the two user turns merged for Claude");
        assertTrue(sent.at("/system/0/text").asText().startsWith("You are a coding agent"));
    }

    @Test
    void aVirtualKeysLimitsAndTheLedgerHoldOnThisDoorToo() throws Exception {
        ScriptedModels.install(fx.fake());
        dev.onellmapi.testing.AdminClient admin = new dev.onellmapi.testing.AdminClient(fx.gateway());
        com.fasterxml.jackson.databind.node.ObjectNode key = admin.createKey("{\"name\": \"limited\", "
                + "\"rpm_limit\": 1, \"models\": [\"claude-sonnet-*\"]}");
        String secret = key.get("key").asText();
        java.util.function.Function<String, HttpResponse<byte[]>> post = model -> {
            try {
                return ResponsesRelayTest.post(fx.gateway(), "{\"model\":\"" + model + "\",\"input\":\"hi\"}",
                        Map.of("Authorization", "Bearer " + secret));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        HttpResponse<byte[]> first = post.apply("claude-sonnet-4-5");
        assertEquals(200, first.statusCode(), new String(first.body(), StandardCharsets.UTF_8));
        assertEquals("1", first.headers().firstValue("x-ratelimit-limit-requests").orElse(""));
        assertTrue(first.headers().firstValue("x-request-id").isPresent());
        assertEquals(429, post.apply("claude-sonnet-4-5").statusCode(), "one request a minute");
        assertEquals(403, post.apply("claude-3-5-haiku-latest").statusCode(), "not among the key's models");
        JsonNode rows = admin.await("/admin/requests?key_id=" + key.get("id").asText(),
                list -> list.path("data").size() > 0).get("data");
        assertEquals("claude-sonnet-4-5", rows.at("/0/model").asText());
        assertEquals(13, rows.at("/0/prompt_tokens").asInt());
    }

    @Test
    void withoutAKeyA401InOpenAisShape() throws Exception {
        HttpResponse<String> answer = dev.onellmapi.testing.SseClient.post(fx.gateway().baseUrl() + "/v1/responses",
                null, "{\"model\":\"claude-sonnet-4-5\",\"input\":\"x\"}");
        assertEquals(401, answer.statusCode());
        assertEquals("invalid_api_key", Json.parse(answer.body()).at("/error/code").asText());
        assertTrue(RunningGateway.KEY.length() > 0);
    }
}

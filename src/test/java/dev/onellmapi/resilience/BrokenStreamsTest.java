package dev.onellmapi.resilience;

import dev.onellmapi.wire.Json;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.GatewayWithFake;
import dev.onellmapi.testing.RunningGateway;
import dev.onellmapi.testing.SseClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static dev.onellmapi.provider.anthropic.AnthropicFixtures.event;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.messageDelta;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.messageStart;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.textDelta;
import static dev.onellmapi.provider.anthropic.AnthropicFixtures.textStart;
import static dev.onellmapi.testing.FakeProvider.data;
import static dev.onellmapi.testing.OpenAiFixtures.chatBody;
import static dev.onellmapi.testing.OpenAiFixtures.chunk;
import static dev.onellmapi.testing.OpenAiFixtures.finalChunk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stream answer that is no stream, or that ends before the provider finished its answer, ends with an error the
 * SDKs raise: never a {@code [DONE]} or an invented {@code finish_reason} that reports it as a success.
 */
class BrokenStreamsTest {
    private static final String OPENAI = "/v1/chat/completions";
    private static final String ANTHROPIC = "/v1/messages";
    private static final String GEMINI = "/v1beta/models/gemini-1.5-flash:streamGenerateContent";
    private static final Map<String, String> PATHS = Map.of("gpt-4o", OPENAI, "claude-3-haiku", ANTHROPIC,
            "gemini-1.5-flash", GEMINI);

    @RegisterExtension
    static final GatewayWithFake fx = new GatewayWithFake(fake -> Map.of(
            "openai.api-key", "sk-up", "openai.api-base", fake.baseUrl() + "/v1",
            "anthropic.api-key", "sk-ant", "anthropic.api-base", fake.baseUrl(),
            "gemini.api-key", "g-key", "gemini.api-base", fake.baseUrl(),
            "gateway.breaker-min-calls", "10000"));

    /** The status and error code the client gets, as a plain answer or as the stream's last event. */
    private static String errorCode(String model) throws Exception {
        HttpResponse<String> r = SseClient.post(fx.chatUrl(), RunningGateway.KEY, chatBody(model, true));
        if (r.statusCode() != 200) {
            assertEquals(502, r.statusCode(), r.body());
            return Json.parse(r.body()).at("/error/code").asText();
        }
        List<String> events = SseClient.stream(fx.chatUrl(), RunningGateway.KEY, chatBody(model, true)).rest();
        String last = events.get(events.size() - 1);
        assertTrue(!last.equals("[DONE]") && Json.parse(last).has("error"), model + ": " + events);
        return Json.parse(last).at("/error/code").asText();
    }

    private static FakeProvider.Answer body(String contentType, String encoding, String text) {
        return (request, exchange) -> {
            exchange.getResponseHeaders().add("Content-Type", contentType);
            if (encoding != null) {
                exchange.getResponseHeaders().add("Content-Encoding", encoding);
            }
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        };
    }

    @Test
    void aPlainTextOrCompressedAnswerToAStreamRequestIsAnInvalidResponse() throws Exception {
        for (String model : PATHS.keySet()) {
            fx.fake().on(PATHS.get(model), body("text/plain", null, "upstream says hello"));
            assertEquals("upstream_invalid_response", errorCode(model), model);
            fx.fake().on(PATHS.get(model), body("text/event-stream", "gzip", "\u001f\u008b\u0008 not really gzip"));
            assertEquals("upstream_invalid_response", errorCode(model), model);
        }
    }

    @Test
    void aStreamThatEndsBeforeItsFinishIsBroken() throws Exception {
        fx.fake().on(OPENAI, FakeProvider.sse(List.of(data(chunk("gpt-4o", "half an ans")))));
        fx.fake().on(ANTHROPIC, FakeProvider.sse(List.of(messageStart(), textStart(0), textDelta(0, "half"))));
        fx.fake().on(GEMINI, FakeProvider.sse(List.of("data: {\"candidates\":[{\"content\":{\"role\":\"model\","
                + "\"parts\":[{\"text\":\"half\"}]},\"index\":0}]}\r\n\r\n")));
        for (String model : PATHS.keySet()) {
            assertEquals("stream_broken", errorCode(model), model);
        }
        fx.fake().on(GEMINI, FakeProvider.sse(List.of())); // nothing at all
        assertEquals("stream_broken", errorCode("gemini-1.5-flash"));
    }

    @Test
    void anthropicEventsWhoseDataIsNotJsonAreAnInvalidResponse() throws Exception {
        fx.fake().on(ANTHROPIC, FakeProvider.sse(List.of(messageStart(), textStart(0),
                event("content_block_delta", "<html>proxy error</html>"), "data: not json either\n\n",
                messageDelta("end_turn", 3))));
        assertEquals("upstream_invalid_response", errorCode("claude-3-haiku"));
    }

    /** Azure (and OpenAI-compatible servers) may end without [DONE] after the finish chunk: that is a whole answer. */
    @Test
    void aFinishedStreamWithoutDoneStillEndsNormally() throws Exception {
        fx.fake().on(OPENAI, FakeProvider.sse(List.of(data(chunk("gpt-4o", "whole")), data(finalChunk("gpt-4o")))));
        List<String> events = SseClient.stream(fx.chatUrl(), RunningGateway.KEY, chatBody("gpt-4o", true)).rest();
        assertEquals(3, events.size(), events.toString());
        assertEquals("[DONE]", events.get(2));
    }
}

package dev.onellmapi.streaming;

import dev.onellmapi.json.Json;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.GatewayWithFake;
import dev.onellmapi.testing.RunningGateway;
import dev.onellmapi.testing.SseClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static dev.onellmapi.testing.FakeProvider.data;
import static dev.onellmapi.testing.OpenAiFixtures.chatBody;
import static dev.onellmapi.testing.OpenAiFixtures.chunk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A provider that goes quiet mid-stream is cut off; a slow first token is bridged with ping comments. */
class StreamWatchdogTest {
    @RegisterExtension
    static final GatewayWithFake fx = new GatewayWithFake(fake -> Map.of("openai.api-key", "sk-up",
            "openai.api-base", fake.baseUrl() + "/v1",
            "gateway.stream-idle-seconds", "3", "gateway.stream-ping-seconds", "1"));

    @Test
    void aProviderSilentLongerThanTheIdleLimitEndsTheStreamWithAnError() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        fx.fake().on("/v1/chat/completions", FakeProvider.sse(List.of(data(chunk("gpt-4o", "one"))), never,
                List.of(data(chunk("gpt-4o", "too late")))));
        SseClient.Stream s = SseClient.stream(fx.chatUrl(), RunningGateway.KEY, chatBody("gpt-4o", true));
        assertNotNull(s.next());
        String next = s.next();
        while (next != null && next.startsWith("#")) {
            next = s.next(); // a ping may come before the cut
        }
        assertNotNull(next, "the stream neither went on nor ended with an error");
        assertEquals("stream_idle", Json.parse(next).path("error").path("code").asText(), next);
        never.countDown();
    }

    @Test
    void pingCommentsKeepASlowFirstTokenConnectionAliveAndAreNeverData() throws Exception {
        fx.fake().on("/v1/chat/completions", (request, exchange) -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            Thread.sleep(2500);
            OutputStream out = exchange.getResponseBody();
            out.write((data(chunk("gpt-4o", "finally")) + "data: [DONE]\n\n").getBytes(StandardCharsets.UTF_8));
            out.close();
        });
        SseClient.Stream s = SseClient.stream(fx.chatUrl(), RunningGateway.KEY, chatBody("gpt-4o", true));
        List<String> all = s.rest();
        assertTrue(all.get(0).equals("#: ping"), all.toString());
        List<String> data = all.stream().filter(l -> !l.startsWith("#")).toList();
        assertEquals(2, data.size(), all.toString());
        assertEquals("finally", Json.parse(data.get(0)).path("choices").path(0).path("delta").path("content")
                .asText());
        assertEquals("[DONE]", data.get(1));
    }
}

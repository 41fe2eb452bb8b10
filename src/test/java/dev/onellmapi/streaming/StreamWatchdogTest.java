package dev.onellmapi.streaming;

import dev.onellmapi.wire.Json;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.GatewayWithFake;
import dev.onellmapi.testing.RunningGateway;
import dev.onellmapi.testing.SseClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

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

    /**
     * Streams that fail before their first chunk are answered by the error path, not by their stream: they must leave
     * the watchdog's books, and the watchdog must go on (it used to ping their written responses, throw, and stop).
     */
    @Test
    void streamsFailingBeforeTheirFirstChunkLeaveTheWatchAndStalledStreamsAreStillCut() throws Exception {
        fx.fake().on("/v1/chat/completions", FakeProvider.json(400,
                "{\"error\":{\"message\":\"bad request\",\"type\":\"invalid_request_error\"}}"));
        // HTTP/1.1 keep-alive, as the SDKs and curl connect: the connection stays open after each error answer
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> failed = http.send(HttpRequest.newBuilder(URI.create(fx.chatUrl()))
                    .header("Authorization", "Bearer " + RunningGateway.KEY)
                    .POST(HttpRequest.BodyPublishers.ofString(chatBody("gpt-4o", true))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(400, failed.statusCode(), failed.body());
        }
        StreamWatchdog watchdog = fx.gateway().main().getCamelContext().getRegistry()
                .lookupByNameAndType("streamWatchdog", StreamWatchdog.class);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (watchdog.watched() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100); // past a ping interval: the watchdog looks at the failed streams at least once
        }
        assertEquals(0, watchdog.watched(), "failed streams still on the watchdog's books");
        aProviderSilentLongerThanTheIdleLimitEndsTheStreamWithAnError();
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

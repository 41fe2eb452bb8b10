package dev.onellmapi.streaming;

import dev.onellmapi.wire.Json;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.GatewayProcess;
import dev.onellmapi.testing.RunningGateway;
import dev.onellmapi.testing.SseClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.onellmapi.testing.FakeProvider.data;
import static dev.onellmapi.testing.OpenAiFixtures.chatBody;
import static dev.onellmapi.testing.OpenAiFixtures.chunk;
import static dev.onellmapi.testing.OpenAiFixtures.completion;
import static dev.onellmapi.testing.OpenAiFixtures.finalChunk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * SIGTERM to a gateway running as its own process: new requests are turned away with an OpenAI-shaped 503 at once,
 * streams already running go on to their end within SHUTDOWN_GRACE_SECONDS, then the process exits with 0. A stream
 * still running when the grace period is over ends with an error event (one that had sent nothing yet, with a plain
 * 503), and the process exits all the same.
 */
class GracefulShutdownTest {
    private static final HttpClient PROBE = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void inFlightStreamsFinishWhileNewRequestsAreRefusedThenTheProcessExitsCleanly() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        try (FakeProvider openai = new FakeProvider();
             GatewayProcess gateway = GatewayProcess.start(Map.of("OPENAI_API_KEY", "sk-up",
                     "OPENAI_API_BASE", openai.baseUrl() + "/v1", "SHUTDOWN_GRACE_SECONDS", "30"))) {
            openai.on("/v1/chat/completions", (request, exchange) -> {
                if (request.body().contains("\"stream\":true")) {
                    FakeProvider.sse(List.of(data(chunk("gpt-4o", "one"))), gate, List.of(data(chunk("gpt-4o",
                            "two")), data(finalChunk("gpt-4o")), "data: [DONE]\n\n")).write(request, exchange);
                } else {
                    FakeProvider.json(200, completion("gpt-4o", "hi")).write(request, exchange);
                }
            });
            assertEquals(200, probe(gateway.chatUrl()).status, "a plain request before the shutdown");
            SseClient.Stream stream = SseClient.stream(gateway.chatUrl(), RunningGateway.KEY,
                    chatBody("gpt-4o", true));
            assertEquals("one", content(stream.next()));

            gateway.terminate();
            Probe refused = firstRefusal(gateway);
            assertTrue(refused.connectionRefused() || isShuttingDown(refused),
                    "a request after SIGTERM: " + refused + "\n" + gateway.output());
            assertTrue(gateway.process().isAlive(), "the process ended while a stream was still running\n"
                    + gateway.output());
            Probe health = probeGet(gateway.baseUrl() + "/health");
            assertTrue(health.connectionRefused() || health.status == 503, "health after SIGTERM: " + health);

            gate.countDown();
            List<String> rest = stream.rest();
            assertEquals(List.of("two", "", "[DONE]"), rest.stream().map(GracefulShutdownTest::content).toList(),
                    rest.toString());
            assertEquals(0, gateway.awaitExit(60), "exit code after a graceful stop\n" + gateway.output());
            long streamed = openai.requests().stream().filter(r -> r.body().contains("\"stream\":true")).count();
            assertEquals(1, streamed, "no stream request after SIGTERM may reach the provider");
        }
    }

    @Test
    void aStreamOutlivingTheGracePeriodEndsWithAnErrorEventAndTheProcessStillExits() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        try (FakeProvider openai = new FakeProvider();
             GatewayProcess gateway = GatewayProcess.start(Map.of("OPENAI_API_KEY", "sk-up",
                     "OPENAI_API_BASE", openai.baseUrl() + "/v1", "SHUTDOWN_GRACE_SECONDS", "2"))) {
            openai.on("/v1/chat/completions", (request, exchange) -> {
                if (request.body().contains("gpt-slow")) {
                    never.await(120, TimeUnit.SECONDS); // not even the response head within the grace period
                    return;
                }
                exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
                exchange.sendResponseHeaders(200, 0);
                OutputStream out = exchange.getResponseBody();
                out.write(data(chunk("gpt-4o", "one")).getBytes(StandardCharsets.UTF_8));
                out.flush();
                never.await(120, TimeUnit.SECONDS); // far longer than the grace period
            });
            SseClient.Stream stream = SseClient.stream(gateway.chatUrl(), RunningGateway.KEY,
                    chatBody("gpt-4o", true));
            assertEquals("one", content(stream.next()));
            CompletableFuture<HttpResponse<String>> notStarted = PROBE.sendAsync(HttpRequest.newBuilder(
                    URI.create(gateway.chatUrl())).header("Authorization", "Bearer " + RunningGateway.KEY)
                    .POST(HttpRequest.BodyPublishers.ofString(chatBody("gpt-slow", true))).build(),
                    HttpResponse.BodyHandlers.ofString());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (openai.requests().size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20); // the second stream reached the provider
            }
            assertEquals(2, openai.requests().size());

            gateway.terminate();
            // grace period 2 s; the margin covers a slow, busy machine
            Integer exit = gateway.awaitExit(60);
            assertNotNull(exit, "the process still runs a minute after SIGTERM with a 2 s grace period\n"
                    + gateway.output());
            assertEquals(0, exit, gateway.output());
            List<String> rest = stream.rest();
            assertEquals(1, rest.size(), "after the grace period the stream ends with one error event: " + rest);
            assertEquals("shutting_down", Json.parse(rest.get(0)).path("error").path("code").asText(),
                    rest.toString());
            HttpResponse<String> plain = notStarted.get(10, TimeUnit.SECONDS);
            assertEquals(503, plain.statusCode(), "a stream that had sent nothing yet: " + plain.body());
            assertEquals("shutting_down", Json.parse(plain.body()).path("error").path("code").asText());
            never.countDown();
        }
    }

    /** Sends plain requests until one is not answered 200 (SIGTERM is handled asynchronously). */
    private static Probe firstRefusal(GatewayProcess gateway) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            Probe probe = probe(gateway.chatUrl());
            if (probe.status == null || probe.status != 200) {
                return probe;
            }
            Thread.sleep(50);
        }
        return fail("requests were still served 20 s after SIGTERM\n" + gateway.output());
    }

    private static boolean isShuttingDown(Probe probe) throws IOException {
        return probe.status != null && probe.status == 503
                && "shutting_down".equals(Json.parse(probe.body).path("error").path("code").asText());
    }

    private static String content(String data) {
        assertNotNull(data, "the stream ended early");
        if (data.equals("[DONE]")) {
            return data;
        }
        try {
            return Json.parse(data).path("choices").path(0).path("delta").path("content").asText();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(data, e);
        }
    }

    record Probe(Integer status, String body, Exception error) {
        boolean connectionRefused() {
            return error instanceof ConnectException;
        }
    }

    private static Probe probe(String url) throws InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + RunningGateway.KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(chatBody("gpt-4o", false))).build());
    }

    private static Probe probeGet(String url) throws InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).GET().build());
    }

    private static Probe send(HttpRequest request) throws InterruptedException {
        try {
            HttpResponse<String> r = PROBE.send(request, HttpResponse.BodyHandlers.ofString());
            return new Probe(r.statusCode(), r.body(), null);
        } catch (IOException e) {
            return new Probe(null, null, e);
        }
    }
}

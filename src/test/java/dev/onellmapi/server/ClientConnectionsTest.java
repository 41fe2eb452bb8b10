package dev.onellmapi.server;

import dev.onellmapi.wire.Json;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.LogCapture;
import dev.onellmapi.testing.RunningGateway;
import dev.onellmapi.testing.SseClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the gateway's own server does with clients that are slow, idle, too many or malformed, over raw sockets:
 * half-sent requests and idle keep-alive connections are closed (408 where an answer can still be written), a
 * request waiting for a slow provider and a long stream are not idle, connections past the cap are refused, and
 * the bad requests get one OpenAI-shaped answer and a closed connection, without flooding the log.
 */
class ClientConnectionsTest {
    private static final int READ_TIMEOUT = 2;
    private static final int IDLE_TIMEOUT = 3;
    private static FakeProvider openai;
    private static RunningGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        openai = new FakeProvider();
        gateway = RunningGateway.start(Map.of("openai.api-key", "sk-up", "openai.api-base", openai.baseUrl() + "/v1",
                "gateway.client-read-timeout-seconds", String.valueOf(READ_TIMEOUT),
                "gateway.client-idle-timeout-seconds", String.valueOf(IDLE_TIMEOUT),
                "gateway.max-body-bytes", "4096", "gateway.host", "127.0.0.1"));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        openai.close();
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", gateway.port());
        socket.setSoTimeout(20_000); // far past every timeout under test: a read that ends before it saw a close
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    /** Everything the gateway writes until it closes the connection (a read timeout fails the test). */
    private static String readUntilClosed(Socket socket) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                all.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the gateway kept the connection open; it wrote: " + all, e);
        } catch (IOException reset) {
            // a close with unread bytes is a reset: closed all the same
        }
        return all.toString(StandardCharsets.UTF_8);
    }

    private static String chat(String body) {
        return "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + RunningGateway.KEY
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    @Test
    void halfSentHeadersAreClosed() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "GET /health HTTP/1.1\r\nHo");
            assertEquals("", readUntilClosed(socket));
        }
    }

    @Test
    void aBodyThatStopsHalfWayIsA408AndTheConnectionCloses() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + RunningGateway.KEY
                    + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"model\":");
            String answer = readUntilClosed(socket);
            assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
            assertTrue(answer.contains("\"code\":\"request_timeout\""), answer);
        }
        assertTrue(openai.requests().isEmpty());
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedAfterItsAnswer() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
            String answer = readUntilClosed(socket);
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            assertTrue(answer.contains("{\"status\":\"ok\"}"), answer);
        }
    }

    /** Longer than both timeouts: a request waiting for its provider, and a stream, are in flight, not idle. */
    @Test
    void aSlowProviderAndALongStreamAreNotIdle() throws Exception {
        long slow = TimeUnit.SECONDS.toMillis(READ_TIMEOUT + IDLE_TIMEOUT + 1);
        CountDownLatch pause = new CountDownLatch(1);
        openai.on("/v1/chat/completions", (request, exchange) -> {
            if (Json.parse(request.body()).path("stream").asBoolean()) {
                // the stream pauses longer than both timeouts, and well within the client's 10 s wait for an event
                CompletableFuture.delayedExecutor(slow, TimeUnit.MILLISECONDS).execute(pause::countDown);
                FakeProvider.sse(List.of(data(chunk("gpt-4o", "early"))), pause, List.of(data(chunk("gpt-4o",
                        "late")), data(finalChunk("gpt-4o")), "data: [DONE]\n\n")).write(request, exchange);
            } else {
                Thread.sleep(slow);
                FakeProvider.json(200, completion("gpt-4o", "slow but here")).write(request, exchange);
            }
        });
        HttpResponse<String> r = SseClient.post(gateway.baseUrl() + "/v1/chat/completions", RunningGateway.KEY,
                chatBody("gpt-4o", false));
        assertEquals(200, r.statusCode(), r.body());
        List<String> events = SseClient.stream(gateway.baseUrl() + "/v1/chat/completions", RunningGateway.KEY,
                chatBody("gpt-4o", true)).rest();
        assertEquals("[DONE]", events.get(events.size() - 1), events.toString());
        openai.reset();
    }

    @Test
    void aDeclaredBodyOverTheLimitIsOne413AndTheConnectionCloses() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n"
                    + "Connection: close\r\n\r\n{\"model\":");
            String answer = readUntilClosed(socket);
            assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
            assertTrue(answer.contains("\"code\":\"request_too_large\""), answer);
        }
    }

    @Test
    void aChunkedBodyOverTheLimitIsOneOpenAiShaped413AndNothingIsLogged() throws Exception {
        String chunk = "a".repeat(3000);
        try (LogCapture log = new LogCapture(); Socket socket = connect()) {
            send(socket, "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n"
                    + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n0\r\n\r\n");
            String answer = readUntilClosed(socket);
            assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
            assertTrue(answer.contains("\"code\":\"request_too_large\""), answer);
            assertEquals(1, answer.split("HTTP/1.1 ").length - 1, answer);
            Thread.sleep(200);
            assertEquals(List.of(), log.warnings());
        }
    }

    /** RFC 9112 6.3: a length and a chunked encoding together are refused; what is pipelined behind is not served. */
    @Test
    void aLengthWithAChunkedEncodingIsA400AndNothingBehindItIsServed() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + RunningGateway.KEY
                    + "\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
                    + "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
            String answer = readUntilClosed(socket);
            assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
            assertTrue(Json.parse(answer.substring(answer.indexOf("\r\n\r\n") + 4)).path("error").isObject(), answer);
            assertFalse(answer.contains("\"status\":\"ok\""), "the smuggled request was served: " + answer);
        }
    }

    @Test
    void clientsThatHangUpHalfWayLeaveNoWarningInTheLog() throws Exception {
        try (LogCapture log = new LogCapture()) {
            for (int i = 0; i < 50; i++) {
                try (Socket socket = connect()) {
                    send(socket, chat("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                            .substring(0, 170));
                }
            }
            assertEquals(200, SseClient.get(gateway.baseUrl() + "/health", null).statusCode());
            Thread.sleep(200);
            assertEquals(List.of(), log.warnings());
        }
    }

    @Test
    void connectionsPastTheCapAreRefusedAtOnceAndServedAgainOnceOthersClose() throws Exception {
        try (RunningGateway capped = RunningGateway.start(Map.of("gateway.max-client-connections", "4"))) {
            List<Socket> sockets = new ArrayList<>();
            int open = 0;
            try {
                for (int i = 0; i < 6; i++) {
                    Socket socket = new Socket("127.0.0.1", capped.port());
                    sockets.add(socket);
                    send(socket, "GET /health HTTP/1.1\r\nHo"); // half-sent: holds its place
                }
                for (Socket socket : sockets) {
                    socket.setSoTimeout(1000);
                    try {
                        if (socket.getInputStream().read() < 0) {
                            continue; // refused: closed at once
                        }
                    } catch (SocketTimeoutException stillOpen) {
                        open++;
                    } catch (IOException reset) {
                        continue;
                    }
                }
                assertTrue(open <= 4 && open >= 3, open + " connections held; the readiness probe may hold one");
            } finally {
                for (Socket socket : sockets) {
                    socket.close();
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            int status = 0;
            while (status != 200 && System.nanoTime() < deadline) {
                try {
                    status = SseClient.get(capped.baseUrl() + "/health", null).statusCode();
                } catch (IOException refusedStill) {
                    Thread.sleep(100);
                }
            }
            assertEquals(200, status, "served again once the held connections closed");
        }
    }
}

package dev.onellmapi.streaming;

import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.RunningGateway;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static dev.onellmapi.testing.OpenAiFixtures.chatBody;
import static dev.onellmapi.testing.OpenAiFixtures.chunk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that reads slower than its provider sends: the gateway pauses the provider until the client catches up
 * (the relay never waits on a thread, and never drops or reorders a chunk). The provider sends 8 MiB at full speed
 * while the client dawdles for three seconds, so the gateway's write queue to the client fills and the provider is
 * paused, longer than UPSTREAM_STREAM_IDLE_SECONDS, which must not count as the provider's silence; every chunk must
 * still arrive, in order, then {@code [DONE]}.
 */
class SlowClientTest {
    private static final int CHUNKS = 4_000;
    private static final String PADDING = "x".repeat(2_000);

    @Test
    void aSlowClientGetsEveryChunkInOrder() throws Exception {
        try (FakeProvider openai = new FakeProvider();
             RunningGateway gateway = RunningGateway.start(Map.of("openai.api-key", "sk-up",
                     "openai.api-base", openai.baseUrl() + "/v1",
                     // paused for the client longer than this: the provider is not idle, it is held back
                     "gateway.stream-idle-seconds", "1"))) {
            openai.on("/v1/chat/completions", (request, exchange) -> {
                exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
                exchange.sendResponseHeaders(200, 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    for (int i = 0; i < CHUNKS; i++) {
                        out.write(("data: " + chunk("gpt-4o", i + ":" + PADDING) + "\n\n")
                                .getBytes(StandardCharsets.UTF_8));
                    }
                    out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
                }
            });
            int expected = 0;
            boolean done = false;
            // a raw connection with a small receive buffer: the kernel cannot soak up what the client does not read
            try (Socket socket = new Socket()) {
                socket.setReceiveBufferSize(8 * 1024);
                socket.connect(new InetSocketAddress("127.0.0.1", gateway.port()));
                socket.setSoTimeout(30_000);
                String body = chatBody("gpt-4o", true);
                socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n"
                        + "Authorization: Bearer " + RunningGateway.KEY + "\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.UTF_8), 1024);
                assertEquals("HTTP/1.1 200 OK", in.readLine());
                String line;
                while ((line = in.readLine()) != null) {
                    if (!line.startsWith("data: ")) {
                        continue;
                    }
                    if (line.equals("data: [DONE]")) {
                        done = true;
                        break;
                    }
                    assertTrue(line.contains("\"" + expected + ":x"), "chunk " + expected + " missing or out of "
                            + "order; got " + line.substring(0, Math.min(line.length(), 200)));
                    expected++;
                    if (expected == 10) {
                        Thread.sleep(3000); // the dawdle: the provider's 8 MiB pile up against the client
                    }
                }
            }
            assertEquals(CHUNKS, expected, "chunks received");
            assertTrue(done, "the stream ends with [DONE]");
        }
    }
}

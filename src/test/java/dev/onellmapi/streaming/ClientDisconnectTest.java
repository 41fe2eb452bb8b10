package dev.onellmapi.streaming;

import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.RunningGateway;
import dev.onellmapi.testing.SseClient;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.onellmapi.testing.FakeProvider.data;
import static dev.onellmapi.testing.OpenAiFixtures.chatBody;
import static dev.onellmapi.testing.OpenAiFixtures.chunk;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A client that hangs up mid-stream ends the provider calls of its request, in every model of it. */
class ClientDisconnectTest {
    @Test
    void closingTheClientConnectionAbortsEveryUpstreamStream() throws Exception {
        CountDownLatch upstreamCut = new CountDownLatch(2);
        try (FakeProvider openai = new FakeProvider();
             RunningGateway gateway = RunningGateway.start(Map.of("openai.api-key", "sk-up",
                     "openai.api-base", openai.baseUrl() + "/v1"))) {
            openai.on("/v1/chat/completions", (request, exchange) -> {
                exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
                exchange.sendResponseHeaders(200, 0);
                OutputStream out = exchange.getResponseBody();
                try {
                    for (int i = 0; i < 300; i++) { // 30 s of chunks unless the gateway lets go
                        out.write(data(chunk("gpt-4o", "tick" + i)).getBytes(StandardCharsets.UTF_8));
                        out.flush();
                        Thread.sleep(100);
                    }
                } catch (java.io.IOException cut) {
                    upstreamCut.countDown();
                }
            });
            try (Socket ignored = SseClient.openRaw(gateway.port(), chatBody("gpt-a,gpt-b", true), "tick")) {
                // the first chunk arrived; closing the connection is the client hanging up
            }
            assertTrue(upstreamCut.await(3, TimeUnit.SECONDS),
                    "the provider kept streaming after the client left");
        }
    }
}

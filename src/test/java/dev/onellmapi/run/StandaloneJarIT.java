package dev.onellmapi.run;

import dev.onellmapi.wire.Json;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.RunningGateway;
import dev.onellmapi.testing.SseClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.onellmapi.testing.FakeProvider.data;
import static dev.onellmapi.testing.OpenAiFixtures.chatBody;
import static dev.onellmapi.testing.OpenAiFixtures.chunk;
import static dev.onellmapi.testing.OpenAiFixtures.completion;
import static dev.onellmapi.testing.OpenAiFixtures.finalChunk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The standalone jar as an operator ships it: {@code target/one-llm-api.jar} copied alone into an empty directory
 * and started with {@code java -jar}; it answers chat and streams on its embedded defaults (the H2 file lands in that
 * directory's {@code data/}) and stops cleanly on SIGTERM. Runs after the jar is built (failsafe, {@code mvn verify}).
 */
class StandaloneJarIT {
    @Test
    void theJarAloneInAnEmptyDirectoryStartsAnswersAndStops(@TempDir Path empty) throws Exception {
        Path jar = Files.copy(Path.of("target", "one-llm-api.jar"), empty.resolve("one-llm-api.jar"));
        try (FakeProvider openai = new FakeProvider()) {
            openai.on("/v1/chat/completions", (request, exchange) -> {
                if (Json.parse(request.body()).path("stream").asBoolean()) {
                    FakeProvider.sse(List.of(data(chunk("gpt-4o", "alone")), data(finalChunk("gpt-4o")),
                            "data: [DONE]\n\n")).write(request, exchange);
                } else {
                    FakeProvider.json(200, completion("gpt-4o", "hello")).write(request, exchange);
                }
            });
            int port = RunningGateway.freePort();
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx256m", "-jar", jar.toString()).directory(empty.toFile())
                    .redirectErrorStream(true).redirectOutput(empty.resolve("gateway.log").toFile());
            builder.environment().put("ONE_API_KEY", RunningGateway.KEY);
            builder.environment().put("OPENAI_API_KEY", "sk-up");
            builder.environment().put("OPENAI_API_BASE", openai.baseUrl() + "/v1");
            builder.environment().put("PORT", String.valueOf(port));
            builder.environment().put("MANAGEMENT_PORT", String.valueOf(RunningGateway.freePort()));
            Process gateway = builder.start();
            try {
                String base = "http://127.0.0.1:" + port;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                int health = 0;
                while (health != 200 && System.nanoTime() < deadline && gateway.isAlive()) {
                    try {
                        health = SseClient.get(base + "/health", null).statusCode();
                    } catch (IOException notYet) {
                        Thread.sleep(100);
                    }
                }
                assertEquals(200, health, Files.readString(empty.resolve("gateway.log")));
                HttpResponse<String> chat = SseClient.post(base + "/v1/chat/completions", RunningGateway.KEY,
                        chatBody("gpt-4o", false));
                assertEquals("hello", Json.parse(chat.body()).at("/choices/0/message/content").asText(), chat.body());
                List<String> stream = SseClient.stream(base + "/v1/chat/completions", RunningGateway.KEY,
                        chatBody("gpt-4o", true)).rest();
                assertEquals("alone", Json.parse(stream.get(0)).at("/choices/0/delta/content").asText());
                assertEquals("[DONE]", stream.get(stream.size() - 1));
                assertTrue(Files.isDirectory(empty.resolve("data")), "the embedded database is the directory's own");
            } finally {
                gateway.destroy(); // SIGTERM
                assertTrue(gateway.waitFor(60, TimeUnit.SECONDS), "the gateway did not stop after SIGTERM");
            }
            assertEquals(0, gateway.exitValue(), Files.readString(empty.resolve("gateway.log")));
        }
    }
}

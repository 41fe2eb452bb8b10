package dev.onellmapi.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.onellmapi.wire.Json;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.RunningGateway;
import dev.onellmapi.testing.SseClient;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.onellmapi.testing.OpenAiFixtures.chatBody;
import static dev.onellmapi.testing.FakeProvider.data;
import static dev.onellmapi.testing.OpenAiFixtures.chunk;
import static dev.onellmapi.testing.OpenAiFixtures.completion;
import static dev.onellmapi.testing.OpenAiFixtures.finalChunk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 10,000 generated malformed bodies (truncations, flipped bytes, wrong types in every field, deep nesting): each
 * answer is a 4xx in OpenAI's error shape (or a normal answer when a mutation happens to be valid), never a 5xx, and
 * the gateway still answers a good request afterwards.
 */
class HostileInputTest {
    private static final String VALID = "{\"model\":\"gpt-4o\",\"stream\":false,\"temperature\":0.5,"
            + "\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},{\"role\":\"user\",\"content\":"
            + "[{\"type\":\"text\",\"text\":\"hi\"}]}],\"stop\":[\"x\"],\"max_tokens\":5}";
    private static final String NOISE = "{}[]\",:0a\\ \u0000\u00e9";
    private static final String[] FIELDS = {"model", "messages", "stream", "stream_options", "temperature",
        "max_tokens", "stop", "tools", "n"};
    private static final String[] WRONG = {"null", "1", "-1e309", "\"\"", "\"x\"", "[]", "{}", "[null]", "true",
        "[{}]", "[{\"role\":7}]", "{\"include_usage\":\"yes\"}"};

    @Test
    void malformedBodiesNeverBreakTheGateway() throws Exception {
        try (FakeProvider openai = new FakeProvider();
             RunningGateway gateway = RunningGateway.start(Map.of("openai.api-key", "sk-up",
                     "openai.api-base", openai.baseUrl() + "/v1", "gateway.max-body-bytes", "65536"))) {
            openai.on("/v1/chat/completions", (request, exchange) -> (Json.parse(request.body()).path("stream")
                    .asBoolean() ? FakeProvider.sse(List.of(data(chunk("gpt-4o", "ok")), data(finalChunk("gpt-4o")),
                    "data: [DONE]\n\n")) : FakeProvider.json(200, completion("gpt-4o", "ok"))).write(request, exchange));
            String url = gateway.baseUrl() + "/v1/chat/completions";
            Random random = new Random(20261124);
            int rejected = 0;
            for (int i = 0; i < 10_000; i++) {
                String body = mutate(random);
                HttpResponse<String> r = SseClient.post(url, RunningGateway.KEY, body);
                assertTrue(r.statusCode() < 500, "HTTP " + r.statusCode() + " for " + body + " -> " + r.body());
                if (r.statusCode() == 200 && r.body().startsWith("data: ")) {
                    assertTrue(r.body().endsWith("data: [DONE]\n\n"), r.body()); // a mutation that asked to stream
                    continue;
                }
                JsonNode answer = Json.parse(r.body());
                if (r.statusCode() >= 400) {
                    rejected++;
                    assertTrue(answer.path("error").path("message").isTextual(), body + " -> " + r.body());
                    assertTrue(answer.path("error").has("type") && answer.path("error").has("code"), r.body());
                } else {
                    assertTrue(answer.has("choices"), body + " -> " + r.body());
                }
            }
            assertTrue(rejected > 5_000, "most generated bodies must be rejected, were: " + rejected);
            assertEquals(200, SseClient.post(url, RunningGateway.KEY, chatBody("gpt-4o", false)).statusCode());
        }
    }

    private static String mutate(Random random) {
        switch (random.nextInt(4)) {
            case 0:
                return VALID.substring(0, random.nextInt(VALID.length()));
            case 1: {
                char[] chars = VALID.toCharArray();
                for (int k = 0; k < 1 + random.nextInt(3); k++) {
                    chars[random.nextInt(chars.length)] = NOISE.charAt(random.nextInt(NOISE.length()));
                }
                return new String(chars);
            }
            case 2: {
                String field = FIELDS[random.nextInt(FIELDS.length)];
                String value = WRONG[random.nextInt(WRONG.length)];
                return VALID.contains("\"" + field + "\":")
                        ? VALID.replaceFirst("\"" + field + "\":(\"[^\"]*\"|[^,\\[{]+|\\[[^\\]]*\\]|\\{[^}]*\\})",
                        "\"" + field + "\":" + java.util.regex.Matcher.quoteReplacement(value))
                        : VALID.replace("{\"model\"", "{\"" + field + "\":" + value + ",\"model\"");
            }
            default: {
                int depth = 500 + random.nextInt(3000);
                return "{\"model\":\"gpt-4o\",\"messages\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
            }
        }
    }
}

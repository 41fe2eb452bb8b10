package dev.onellmapi.frontdoor.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.Json;
import dev.onellmapi.model.ModelTarget;
import dev.onellmapi.provider.anthropic.AnthropicType;
import dev.onellmapi.provider.gemini.GeminiType;

import java.util.List;


/**
 * The validation's cost per request, for bench/ (a timing, so not a test): measured in-process on a realistic
 * translated request (system prompt, a tool loop, an image, two tools, sampling and response_format), against the
 * issue's budget of 0.02 ms. The best of several rounds, after warm-up, so a busy shared machine does not decide the
 * figure. Run: {@code java -cp target/test-classes:target/classes:<the test classpath>
 * dev.onellmapi.frontdoor.chat.ValidationCost} (bench/README.md).
 */
public final class ValidationCost {
    private static final String REQUEST = "{\"model\":\"claude-sonnet-4-5\",\"stream\":true,"
            + "\"stream_options\":{\"include_usage\":true},\"temperature\":0.7,\"top_p\":0.9,\"max_tokens\":512,"
            + "\"stop\":[\"END\",\"STOP\"],\"user\":\"u-1\",\"parallel_tool_calls\":true,\"tool_choice\":\"auto\","
            + "\"reasoning_effort\":\"low\",\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":"
            + "\"answer\",\"strict\":true,\"schema\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}}},"
            + "\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
            + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What is this, and the weather?\"},"
            + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/cat.png\",\"detail\":\"low\"}}]},"
            + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
            + "\"function\":{\"name\":\"weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},"
            + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"sunny\"},"
            + "{\"role\":\"user\",\"content\":\"Thanks. And tomorrow?\"}],"
            + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"weather\",\"description\":\"Weather\","
            + "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}}},"
            + "{\"type\":\"function\",\"function\":{\"name\":\"now\"}}]}";

    private ValidationCost() {
    }

    public static void main(String[] args) throws Exception {
        ObjectNode body = (ObjectNode) Json.parse(REQUEST);
        List<ModelTarget> targets = List.of(new ModelTarget(new AnthropicType(), "claude-sonnet-4-5",
                "claude-sonnet-4-5", null), new ModelTarget(new GeminiType(), "gemini-2.5-flash", "gemini-2.5-flash",
                null));
        int perRound = 20_000;
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 15; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < perRound; i++) {
                TranslatedRequestCheck.check(body, false, targets);
            }
            best = Math.min(best, (System.nanoTime() - start) / (double) perRound);
        }
        System.out.printf("validation of a translated request: %.2f µs (budget 20 µs)%n", best / 1000);
    }
}

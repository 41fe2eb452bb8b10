package dev.onellmapi.usage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.testing.AdminClient;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.GatewayWithFake;
import dev.onellmapi.testing.OpenAiFixtures;
import dev.onellmapi.testing.SseClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Anthropic and Gemini send usage in streams whether asked or not, each in its own fields: a stream records the same
 * tokens, cached tokens and cost as the same answer whole, and the client that did not ask sees no usage chunk.
 * Also PRICING_FILE over the built-in prices, and a model without any price (cost null).
 */
class UsageAcrossProvidersTest {
    static final Path PRICES;

    static {
        try {
            PRICES = Files.createTempFile("prices", ".yaml");
            Files.writeString(PRICES, "\"gemini-1.5-flash*\": {input: 1.00, output: 2.00, cached_input: 0.50}\n");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @RegisterExtension
    static final GatewayWithFake fx = new GatewayWithFake(fake -> Map.of("anthropic.api-key", "sk-ant",
            "anthropic.api-base", fake.baseUrl(), "gemini.api-key", "goog", "gemini.api-base", fake.baseUrl(),
            "openai.api-key", "sk-openai", "openai.api-base", fake.baseUrl() + "/v1",
            "gateway.pricing-file", PRICES.toString()));

    static String anthropicEvent(String type, String json) {
        return "event: " + type + "\ndata: " + json + "\n\n";
    }

    JsonNode twoRows(String model, FakeProvider.Answer whole, String path, FakeProvider.Answer stream)
            throws Exception {
        AdminClient admin = new AdminClient(fx.gateway());
        ObjectNode made = admin.createKey("{}");
        String key = made.get("key").asText();
        fx.fake().on(path, whole);
        assertEquals(200, SseClient.post(fx.chatUrl(), key, OpenAiFixtures.chatBody(model, false)).statusCode());
        fx.fake().reset();
        fx.fake().on(path.contains(":") ? path.replace(":generateContent", ":streamGenerateContent") : path, stream);
        List<String> events = SseClient.stream(fx.chatUrl(), key, OpenAiFixtures.chatBody(model, true)).rest();
        assertEquals("[DONE]", events.get(events.size() - 1), events.toString());
        for (String event : events) {
            assertFalse(event.contains("\"usage\""), "no usage chunk for a client that did not ask: " + event);
        }
        JsonNode rows = admin.await("/admin/requests?key_id=" + made.get("id").asText(),
                r -> r.get("data").size() == 2).get("data");
        JsonNode streamed = rows.get(0);
        JsonNode plain = rows.get(1);
        assertTrue(streamed.get("stream").asBoolean());
        for (String field : List.of("prompt_tokens", "completion_tokens", "cached_tokens", "cache_write_tokens",
                "cost_usd", "usage_estimated", "api")) {
            assertEquals(plain.get(field), streamed.get(field), field + " of " + model);
        }
        return plain;
    }

    @Test
    void anthropicStreamsCostWhatTheWholeAnswerCosts() throws Exception {
        String usage = "\"input_tokens\":10,\"cache_creation_input_tokens\":3,\"cache_read_input_tokens\":5";
        FakeProvider.Answer whole = FakeProvider.json(200, "{\"id\":\"msg_01\",\"type\":\"message\",\"role\":"
                + "\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[{\"type\":\"text\",\"text\":\"Hi\"}],"
                + "\"stop_reason\":\"end_turn\",\"usage\":{" + usage + ",\"output_tokens\":7}}");
        FakeProvider.Answer stream = FakeProvider.sse(List.of(
                anthropicEvent("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_02\","
                        + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[],"
                        + "\"usage\":{" + usage + ",\"output_tokens\":1}}}"),
                anthropicEvent("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,"
                        + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"),
                anthropicEvent("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                        + "{\"type\":\"text_delta\",\"text\":\"Hi\"}}"),
                anthropicEvent("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"),
                anthropicEvent("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
                        + "\"usage\":{\"output_tokens\":7}}"),
                anthropicEvent("message_stop", "{\"type\":\"message_stop\"}")));
        JsonNode row = twoRows("claude-sonnet-4-5", whole, "/v1/messages", stream);
        assertEquals(18, row.get("prompt_tokens").asInt(), "input + cache writes + cache reads");
        assertEquals(5, row.get("cached_tokens").asInt(), "cache reads");
        assertEquals(3, row.get("cache_write_tokens").asInt(), "cache writes");
        assertEquals(7, row.get("completion_tokens").asInt());
        // (10 × 3.00 + 3 × 3.75 (a cache write: 1.25 × input) + 5 × 0.30 + 7 × 15.00) / 1e6
        assertEquals(0, new BigDecimal("0.00014775").compareTo(row.get("cost_usd").decimalValue()), row.toString());
        assertEquals("chat", row.get("api").asText());
        assertEquals("anthropic", row.get("provider").asText());
    }

    /** A Claude stream cut short: the prompt's tokens are what message_start reported, not an estimate. */
    @Test
    void anthropicStreamCutShortKeepsThePromptTokensItReported() throws Exception {
        AdminClient admin = new AdminClient(fx.gateway());
        ObjectNode made = admin.createKey("{}");
        fx.fake().on("/v1/messages", FakeProvider.sse(List.of(
                anthropicEvent("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_03\","
                        + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[],"
                        + "\"usage\":{\"input_tokens\":10,\"cache_creation_input_tokens\":3,"
                        + "\"cache_read_input_tokens\":5,\"output_tokens\":1}}}"),
                anthropicEvent("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,"
                        + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"),
                anthropicEvent("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                        + "{\"type\":\"text_delta\",\"text\":\"Hi\"}}"))));
        List<String> events = SseClient.stream(fx.chatUrl(), made.get("key").asText(),
                OpenAiFixtures.chatBody("claude-sonnet-4-5", true)).rest();
        assertTrue(events.toString().contains("\"error\""), "the cut is the client's error event: " + events);
        JsonNode row = admin.await("/admin/requests?key_id=" + made.get("id").asText(),
                r -> r.get("data").size() == 1).get("data").get(0);
        assertEquals(18, row.get("prompt_tokens").asInt(), "as message_start reported: " + row);
        assertEquals(5, row.get("cached_tokens").asInt(), row.toString());
        assertTrue(row.get("usage_estimated").asBoolean(), "the completion is estimated: " + row);
    }

    @Test
    void geminiStreamsCostWhatTheWholeAnswerCostsAtThePricingFilesRates() throws Exception {
        String metadata = "\"usageMetadata\":{\"promptTokenCount\":20,\"candidatesTokenCount\":7,"
                + "\"cachedContentTokenCount\":8,\"totalTokenCount\":27}";
        String candidate = "{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Hi\"}]},\"finishReason\":\"STOP\","
                + "\"index\":0}";
        FakeProvider.Answer whole = FakeProvider.json(200, "{\"candidates\":[" + candidate + "]," + metadata + "}");
        FakeProvider.Answer stream = FakeProvider.sse(List.of(
                "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"H\"}]},\"index\":0}],"
                        + "\"usageMetadata\":{\"promptTokenCount\":20,\"candidatesTokenCount\":1,"
                        + "\"cachedContentTokenCount\":8,\"totalTokenCount\":21}}\r\n\r\n",
                "data: {\"candidates\":[" + candidate.replace("\"Hi\"", "\"i\"") + "]," + metadata + "}\r\n\r\n"));
        JsonNode row = twoRows("gemini-1.5-flash", whole, "/v1beta/models/gemini-1.5-flash:generateContent", stream);
        assertEquals(20, row.get("prompt_tokens").asInt());
        assertEquals(8, row.get("cached_tokens").asInt(), "cachedContentTokenCount, inside promptTokenCount");
        // PRICING_FILE: (12 × 1.00 + 8 × 0.50 + 7 × 2.00) / 1e6
        assertEquals(0, new BigDecimal("0.00003").compareTo(row.get("cost_usd").decimalValue()));
    }

    @Test
    void aModelWithoutAPriceHasCostNull() throws Exception {
        AdminClient admin = new AdminClient(fx.gateway());
        ObjectNode made = admin.createKey("{}");
        fx.fake().on("/v1/chat/completions", FakeProvider.json(200, OpenAiFixtures.completion("gpt-unpriced", "Hi")));
        assertEquals(200, SseClient.post(fx.chatUrl(), made.get("key").asText(),
                OpenAiFixtures.chatBody("gpt-unpriced", false)).statusCode());
        JsonNode row = admin.await("/admin/requests?key_id=" + made.get("id").asText(),
                r -> r.get("data").size() == 1).get("data").get(0);
        assertTrue(row.get("cost_usd").isNull());
        assertEquals(12, row.get("prompt_tokens").asInt() + row.get("completion_tokens").asInt());
    }
}

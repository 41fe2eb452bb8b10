package dev.onellmapi.provider.anthropic;

import dev.onellmapi.testing.FakeProvider;

import java.util.Map;

/** Anthropic-shaped answers and stream events for the fake provider, and the gateway settings that point at it. */
public final class AnthropicFixtures {
    private AnthropicFixtures() {
    }

    public static Map<String, String> settings(FakeProvider anthropic) {
        return Map.of("anthropic.api-key", "sk-ant-upstream", "anthropic.api-base", anthropic.baseUrl());
    }

    public static String message(String content, String stopReason) {
        return "{\"id\":\"msg_01\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5-20250929\","
                + "\"content\":" + content + ",\"stop_reason\":\"" + stopReason + "\",\"stop_sequence\":null,"
                + "\"usage\":{\"input_tokens\":10,\"cache_creation_input_tokens\":3,\"cache_read_input_tokens\":5,"
                + "\"output_tokens\":7}}";
    }

    public static String textMessage(String text) {
        return message("[{\"type\":\"text\",\"text\":\"" + text + "\"}]", "end_turn");
    }

    /** One SSE frame as Anthropic writes it: an event name and its data. */
    public static String event(String type, String json) {
        return "event: " + type + "\ndata: " + json + "\n\n";
    }

    public static String messageStart() {
        return event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_02\",\"type\":\"message\","
                + "\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5-20250929\",\"content\":[],\"stop_reason\":null,"
                + "\"usage\":{\"input_tokens\":25,\"cache_read_input_tokens\":4,\"output_tokens\":1}}}");
    }

    public static String blockStart(int index, String block) {
        return event("content_block_start", "{\"type\":\"content_block_start\",\"index\":" + index
                + ",\"content_block\":" + block + "}");
    }

    public static String textStart(int index) {
        return blockStart(index, "{\"type\":\"text\",\"text\":\"\"}");
    }

    public static String toolStart(int index, String id, String name) {
        return blockStart(index, "{\"type\":\"tool_use\",\"id\":\"" + id + "\",\"name\":\"" + name
                + "\",\"input\":{}}");
    }

    public static String delta(int index, String delta) {
        return event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":" + index + ",\"delta\":"
                + delta + "}");
    }

    public static String textDelta(int index, String text) {
        return delta(index, "{\"type\":\"text_delta\",\"text\":\"" + text + "\"}");
    }

    public static String jsonDelta(int index, String partialJson) {
        return delta(index, "{\"type\":\"input_json_delta\",\"partial_json\":\"" + partialJson.replace("\"", "\\\"")
                + "\"}");
    }

    public static String blockStop(int index) {
        return event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + index + "}");
    }

    public static String messageDelta(String stopReason, int outputTokens) {
        return event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"" + stopReason
                + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":" + outputTokens + "}}");
    }

    public static String messageStop() {
        return event("message_stop", "{\"type\":\"message_stop\"}");
    }

    public static String ping() {
        return event("ping", "{\"type\":\"ping\"}");
    }
}

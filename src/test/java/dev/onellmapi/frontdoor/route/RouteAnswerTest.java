package dev.onellmapi.frontdoor.route;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RouteAnswerTest {
    private static final String ONE = "{\"object\":\"chat.completion\",\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,"
            + "\"message\":{\"role\":\"assistant\",\"content\":\"billing\"},\"finish_reason\":\"stop\"}]}";
    private static final String TWO = "{\"object\":\"chat.completion\",\"model\":\"gpt-4o,claude-3-haiku\","
            + "\"choices\":[{\"index\":1,\"model\":\"claude-3-haiku\",\"message\":{\"role\":\"assistant\","
            + "\"content\":null},\"finish_reason\":\"error\",\"error\":{\"message\":\"down\"}},"
            + "{\"index\":0,\"model\":\"gpt-4o\",\"message\":{\"role\":\"assistant\",\"content\":\"billing\"},"
            + "\"finish_reason\":\"stop\"}]}";

    private static RouteChatOptions options(String model, String output) {
        return RouteChatOptions.take(new HashMap<>(Map.of("model", model, "output", output)));
    }

    @Test
    void textIsTheAnswersText() {
        assertEquals("billing", RouteAnswer.of(bytes(ONE), options("gpt-4o", "text")));
    }

    @Test
    void jsonIsTheWholeCompletion() {
        assertEquals(ONE, RouteAnswer.of(bytes(ONE), options("gpt-4o", "json")));
    }

    @Test
    void severalModelsGiveTheirTextsByNameInTheRoutesOrderAndNullForAFailure() {
        Object answer = RouteAnswer.of(bytes(TWO), options("gpt-4o, claude-3-haiku", "text"));
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("gpt-4o", "billing");
        expected.put("claude-3-haiku", null);
        assertEquals(expected, answer);
        assertEquals(List.of("gpt-4o", "claude-3-haiku"), List.copyOf(((Map<?, ?>) answer).keySet()));
    }

    @Test
    void toolCallsOnlyGiveEmptyText() {
        String tools = "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,"
                + "\"tool_calls\":[]},\"finish_reason\":\"tool_calls\"}]}";
        assertEquals("", RouteAnswer.of(bytes(tools), options("gpt-4o", "text")));
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}

package dev.onellmapi.frontdoor.route;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.OneLlmApiException;
import dev.onellmapi.wire.Json;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RouteChatRequestTest {
    private static RouteChatOptions options(String... pairs) {
        Map<String, Object> parameters = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            parameters.put(pairs[i], pairs[i + 1]);
        }
        RouteChatOptions options = RouteChatOptions.take(parameters);
        assertTrue(parameters.isEmpty(), "left unknown: " + parameters);
        return options;
    }

    @Test
    void textIsTheUsersMessage() {
        ObjectNode request = RouteChatRequest.of("Classify: printer on fire", options("model", "gpt-4o"));
        assertEquals("gpt-4o", request.get("model").asText());
        assertFalse(request.get("stream").asBoolean());
        assertEquals(1, request.get("messages").size());
        assertEquals("user", request.at("/messages/0/role").asText());
        assertEquals("Classify: printer on fire", request.at("/messages/0/content").asText());
    }

    @Test
    void jsonThatIsNoChatRequestIsText() {
        ObjectNode request = RouteChatRequest.of("{\"ticket\": 42}", options("model", "gpt-4o"));
        assertEquals("{\"ticket\": 42}", request.at("/messages/0/content").asText());
    }

    @Test
    void aWholeRequestAsJsonMapOrTreeKeepsItsFieldsUnderTheKameletsOwn() throws Exception {
        String json = "{\"model\":\"other\",\"stream\":true,\"top_p\":0.5,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"hi\"}]}";
        Map<String, Object> map = Map.of("model", "other", "top_p", 0.5,
                "messages", List.of(Map.of("role", "user", "content", "hi")));
        RouteChatOptions options = options("model", "gpt-4o,claude-3-5-sonnet-latest", "system", "Be brief",
                "temperature", "0.2", "maxTokens", "50");
        for (Object body : List.of(json, map, Json.parse(json))) {
            ObjectNode request = RouteChatRequest.of(body, options);
            assertEquals("gpt-4o,claude-3-5-sonnet-latest", request.get("model").asText(), "the route's model holds");
            assertFalse(request.get("stream").asBoolean(), "the route's stream mode holds");
            assertEquals(0.5, request.get("top_p").asDouble());
            assertEquals("system", request.at("/messages/0/role").asText());
            assertEquals("Be brief", request.at("/messages/0/content").asText());
            assertEquals("hi", request.at("/messages/1/content").asText());
            assertEquals("0.2", request.get("temperature").decimalValue().toPlainString());
            assertEquals(50, request.get("max_tokens").asInt());
        }
    }

    @Test
    void theCallersTreeIsNotChanged() throws Exception {
        ObjectNode tree = (ObjectNode) Json.parse("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        RouteChatRequest.of(tree, options("model", "gpt-4o", "system", "s"));
        assertNull(tree.get("model"));
        assertEquals(1, tree.get("messages").size());
    }

    @Test
    void anEmptyBodyOrAMapThatIsNoRequestIsA400() {
        for (Object body : new Object[] {null, "", "  ", Map.of("ticket", 42)}) {
            OneLlmApiException error = assertThrows(OneLlmApiException.class,
                    () -> RouteChatRequest.of(body, options("model", "gpt-4o")));
            assertEquals(400, error.getStatus());
            assertEquals("invalid_request_error", error.getType());
            assertEquals("messages", error.getParam());
        }
    }

    @Test
    void badPropertiesAreNamed() {
        assertTrue(message("stream", "yes").startsWith("stream:"));
        assertTrue(message("output", "xml").startsWith("output:"));
        assertTrue(message("temperature", "hot").startsWith("temperature:"));
        assertTrue(message("temperature", "3").startsWith("temperature:"));
        assertTrue(message("maxTokens", "0").startsWith("maxTokens:"));
        assertTrue(message("maxTokens", "many").startsWith("maxTokens:"));
        Map<String, Object> noModel = new HashMap<>(Map.of("output", "json"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RouteChatOptions.take(noModel)).getMessage()
                .startsWith("model:"));
    }

    private static String message(String property, String value) {
        Map<String, Object> parameters = new HashMap<>(Map.of("model", "gpt-4o", property, value));
        return assertThrows(IllegalArgumentException.class, () -> RouteChatOptions.take(parameters)).getMessage();
    }
}

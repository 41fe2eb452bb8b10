package dev.onellmapi.frontdoor.route;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.OneLlmApiException;
import dev.onellmapi.wire.Json;

import java.util.Map;

/**
 * A route's message body as an OpenAI chat request: text is the user's message; a JSON object with {@code messages}
 * (as text, a {@code Map} or a Jackson tree) is a whole request. The Kamelet's properties are set over the body's
 * own: the route's declared model and stream mode hold whatever a message carries (a message cannot move a route to
 * another model, nor turn its answer into a stream the route does not expect).
 */
public final class RouteChatRequest {
    private RouteChatRequest() {
    }

    /** @param body the message body: a String (text or JSON), a Map, a JsonNode; other types as their text */
    public static ObjectNode of(Object body, RouteChatOptions options) {
        ObjectNode request = wholeRequest(body);
        if (request == null) {
            String text = body == null ? "" : body.toString();
            if (text.isBlank()) {
                throw invalid("The message body is empty: send the user's message as text, or an OpenAI chat "
                        + "request (JSON or a Map with 'messages').", "messages");
            }
            request = Json.object();
            request.putArray("messages").addObject().put("role", "user").put("content", text);
        }
        request.put("model", options.model());
        request.put("stream", options.stream());
        if (options.system() != null) {
            ((ArrayNode) request.get("messages")).insertObject(0).put("role", "system")
                    .put("content", options.system());
        }
        if (options.temperature() != null) {
            request.put("temperature", options.temperature());
        }
        if (options.maxTokens() != null) {
            request.put("max_tokens", options.maxTokens());
        }
        return request;
    }

    /** The body as a whole request when it is one (a JSON object with a messages array), else null. */
    private static ObjectNode wholeRequest(Object body) {
        if (body instanceof Map<?, ?> || body instanceof JsonNode) {
            JsonNode tree = body instanceof JsonNode node ? node.deepCopy() : Json.MAPPER.valueToTree(body);
            if (tree instanceof ObjectNode object && object.path("messages").isArray()) {
                return object;
            }
            throw invalid("A Map or JSON body must be an OpenAI chat request: an object with a 'messages' array.",
                    "messages");
        }
        if (body instanceof CharSequence text && text.toString().stripLeading().startsWith("{")) {
            ObjectNode object = Json.parseObjectOrNull(text.toString());
            return object != null && object.path("messages").isArray() ? object : null;
        }
        return null;
    }

    private static OneLlmApiException invalid(String message, String param) {
        return new OneLlmApiException(400, "invalid_request_error", null, param, message, null);
    }
}

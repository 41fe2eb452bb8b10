package dev.onellmapi.frontdoor.responses;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.Json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * For a provider whose API has Responses: the client's body goes on as it came, only {@code model} replaced (the
 * bytes around it untouched: reasoning items with encrypted_content, built-in tools, fields the gateway has never
 * heard of), and the usage is read, for the ledger, from the answer or the stream the client gets unaltered.
 */
public final class ResponsesPassThrough {
    /** The client's headers OpenAI documents for a request; nothing else of the client's goes upstream. */
    public static final Set<String> FORWARDED_HEADERS = Set.of("x-client-request-id");
    private static final Set<String> FINAL_EVENTS = Set.of("response.completed", "response.incomplete",
            "response.failed");

    private ResponsesPassThrough() {
    }

    /** {@code body} with the top-level {@code model}'s value replaced by {@code model}; the rest byte for byte. */
    public static byte[] withModel(byte[] body, String model) {
        try (JsonParser parser = Json.MAPPER.getFactory().createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("model") && value == JsonToken.VALUE_STRING) {
                    int start = (int) parser.currentTokenLocation().getByteOffset();
                    parser.getText(); // the whole string read, so the location below is its end
                    int end = (int) parser.currentLocation().getByteOffset();
                    if (parser.getText().equals(model)) {
                        return body;
                    }
                    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + model.length());
                    out.write(body, 0, start);
                    out.write(Json.text(Json.object().textNode(model)).getBytes(StandardCharsets.UTF_8));
                    out.write(body, end, body.length - end);
                    return out.toByteArray();
                }
                parser.skipChildren();
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON object", e);
        }
        throw new IllegalArgumentException("no model");
    }

    /**
     * The usage of a stream event, in the chat form the ledger reads ({@code prompt_tokens}, ...), or null: only the
     * last event of a response carries it, so other events are not parsed.
     */
    public static ObjectNode usageOfEvent(String type, String data) {
        if (!isLast(type, data)) {
            return null;
        }
        ObjectNode event = Json.parseObjectOrNull(data);
        return event == null ? null : chatUsage(event.path("response").get("usage"));
    }

    /**
     * Whether the event ends the response ({@code response.completed}, {@code .incomplete}, {@code .failed}): by its
     * {@code event:} name, or, without one, by its type found in the data without parsing it.
     */
    public static boolean isLast(String type, String data) {
        if (type != null && !type.isEmpty()) {
            return FINAL_EVENTS.contains(type);
        }
        for (String last : FINAL_EVENTS) {
            if (data.contains("\"type\":\"" + last + "\"")) {
                return true;
            }
        }
        return false;
    }

    /**
     * A conversation stored by the gateway as input items for the provider: without the gateway's item ids (the
     * provider never made them) and without reasoning items of another provider's (Claude's thinking means nothing
     * to OpenAI); then the request's own input.
     */
    public static ArrayNode inline(List<JsonNode> history, JsonNode input) {
        ArrayNode items = Json.array();
        for (JsonNode item : history) {
            if ("reasoning".equals(item.path("type").asText())) {
                continue;
            }
            ObjectNode copy = item.deepCopy();
            copy.remove("id");
            copy.remove("status");
            items.add(copy);
        }
        input.forEach(items::add);
        return items;
    }

    /** The usage of a whole answer (a {@code response} object), in the chat form, or null. */
    public static ObjectNode usageOfAnswer(JsonNode response) {
        return chatUsage(response.get("usage"));
    }

    private static ObjectNode chatUsage(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        long input = usage.path("input_tokens").asLong();
        long output = usage.path("output_tokens").asLong();
        ObjectNode chat = Json.object();
        chat.put("prompt_tokens", input);
        chat.put("completion_tokens", output);
        chat.put("total_tokens", usage.path("total_tokens").asLong(input + output));
        chat.putObject("prompt_tokens_details").put("cached_tokens",
                usage.path("input_tokens_details").path("cached_tokens").asLong());
        chat.putObject("completion_tokens_details").put("reasoning_tokens",
                usage.path("output_tokens_details").path("reasoning_tokens").asLong());
        return chat;
    }
}

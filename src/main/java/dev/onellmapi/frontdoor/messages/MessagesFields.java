package dev.onellmapi.frontdoor.messages;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading a Messages request's fields with a 400 naming the field when one is of the wrong kind. */
final class MessagesFields {
    private MessagesFields() {
    }

    /** The value, or null when absent or JSON null (Anthropic takes null as absent). */
    static JsonNode present(JsonNode parent, String name) {
        JsonNode value = parent.get(name);
        return value == null || value.isNull() ? null : value;
    }

    static JsonNode required(JsonNode parent, String name, String path) {
        JsonNode value = present(parent, name);
        if (value == null) {
            throw new InvalidMessagesRequest(path, "Field required");
        }
        return value;
    }

    static String text(JsonNode parent, String name, String path) {
        JsonNode value = required(parent, name, path);
        if (!value.isTextual()) {
            throw new InvalidMessagesRequest(path, "Input should be a valid string");
        }
        return value.asText();
    }

    static JsonNode array(JsonNode value, String path) {
        if (!value.isArray()) {
            throw new InvalidMessagesRequest(path, "Input should be a valid list");
        }
        return value;
    }

    static JsonNode object(JsonNode value, String path) {
        if (!value.isObject()) {
            throw new InvalidMessagesRequest(path, "Input should be a valid dictionary");
        }
        return value;
    }

    static String type(JsonNode block, String path) {
        object(block, path);
        return text(block, "type", path + ".type");
    }
}

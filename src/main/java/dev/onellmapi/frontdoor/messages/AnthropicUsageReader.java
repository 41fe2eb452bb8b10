package dev.onellmapi.frontdoor.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.json.Json;

import java.io.IOException;

/**
 * The usage of a passed-through Anthropic answer, read beside the bytes relayed (never altering them), for the ledger:
 * {@code message_start}'s usage, then each {@code message_delta}'s, field by field (they are cumulative: a later value
 * replaces an earlier one). Only those two events are parsed; text deltas are skipped by a substring test. One instance
 * per answer.
 */
public final class AnthropicUsageReader {
    private final ObjectNode usage = Json.object();

    /** One stream event's data. */
    public void event(String data) {
        if (!data.contains("\"message_start\"") && !data.contains("\"message_delta\"")) {
            return;
        }
        ObjectNode event = Json.parseObjectOrNull(data);
        if (event == null) {
            return;
        }
        String type = event.path("type").asText();
        if (type.equals("message_start")) {
            keep(event.path("message").path("usage"));
        } else if (type.equals("message_delta")) {
            keep(event.path("usage"));
        }
    }

    /** A whole answer's body. */
    public void answer(byte[] body) {
        try {
            keep(Json.parse(body).path("usage"));
        } catch (IOException e) {
            // not JSON (an error page): no usage
        }
    }

    private void keep(JsonNode reported) {
        reported.fields().forEachRemaining(field -> {
            if (field.getValue().isNumber()) {
                usage.set(field.getKey(), field.getValue());
            }
        });
    }

    public long inputTokens() {
        return usage.path("input_tokens").asLong();
    }

    public long outputTokens() {
        return usage.path("output_tokens").asLong();
    }

    public long cacheWriteTokens() {
        return usage.path("cache_creation_input_tokens").asLong();
    }

    public long cacheReadTokens() {
        return usage.path("cache_read_input_tokens").asLong();
    }

    /** Whether any usage was seen. */
    public boolean seen() {
        return !usage.isEmpty();
    }
}

package dev.onellmapi.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.onellmapi.wire.Json;

/**
 * OpenAI's {@code stop} (a string or a list) as Google's {@code stopSequences}. Validated before (a string or at most 4
 * strings, OpenAI's own rule; Google takes up to 5).
 */
public final class StopSequences {
    private StopSequences() {
    }

    /** The sequences, or null when the request has none. */
    public static ArrayNode from(JsonNode stop) {
        if (stop == null || stop.isNull()) {
            return null;
        }
        ArrayNode sequences = Json.array();
        if (stop.isTextual()) {
            sequences.add(stop.asText());
        } else {
            stop.forEach(s -> sequences.add(s.asText()));
        }
        return sequences.isEmpty() ? null : sequences;
    }
}

package dev.onellmapi.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.onellmapi.http.ApiError;
import dev.onellmapi.json.Json;

/**
 * OpenAI's {@code stop} (a string or a list) as Google's {@code stopSequences}. Google takes at most 5; more is our
 * own 400 naming the limit, rather than Google's error (which would reach the client as a provider failure), and
 * rather than silently dropping stops the client relies on.
 */
public final class StopSequences {
    static final int GOOGLE_LIMIT = 5;

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
        } else if (stop.isArray()) {
            stop.forEach(s -> sequences.add(s.asText()));
        } else {
            throw ApiError.invalidRequest("'stop' must be a string or a list of strings", "stop");
        }
        if (sequences.size() > GOOGLE_LIMIT) {
            throw ApiError.invalidRequest("Google models accept at most " + GOOGLE_LIMIT + " stop sequences; got "
                    + sequences.size(), "stop");
        }
        return sequences.isEmpty() ? null : sequences;
    }
}

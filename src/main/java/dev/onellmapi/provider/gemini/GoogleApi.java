package dev.onellmapi.provider.gemini;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.provider.RequestLimits;

import java.util.Map;

/** What Google's two APIs (Gemini, PaLM) share: the key's header and the number of candidates. */
public final class GoogleApi {
    /** Google's candidateCount allows 1 to 8. */
    private static final int MAX_CANDIDATES = 8;

    private GoogleApi() {
    }

    /** The key in a header, never in the URL (where it would reach access logs). */
    public static Map<String, String> auth(String key) {
        return key.isEmpty() ? Map.of() : Map.of("x-goog-api-key", key);
    }

    public static void checkChoices(ObjectNode body) {
        if (RequestLimits.choices(body) > MAX_CANDIDATES) {
            throw RequestLimits.unsupported("n", "Google models return at most " + MAX_CANDIDATES + " choices (n).");
        }
    }
}

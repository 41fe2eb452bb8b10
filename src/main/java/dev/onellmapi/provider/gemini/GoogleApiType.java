package dev.onellmapi.provider.gemini;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.provider.ApiKeyType;
import dev.onellmapi.provider.RequestLimits;

import java.util.List;
import java.util.Map;

/** What Google's two APIs (Gemini, PaLM) share: the key's header, a translated request, the number of candidates. */
public abstract class GoogleApiType extends ApiKeyType {
    /** Google's candidateCount allows 1 to 8. */
    private static final int MAX_CANDIDATES = 8;

    protected GoogleApiType(String id, String variablePrefix, List<String> namePatterns) {
        super(id, variablePrefix, namePatterns);
    }

    /** The key in a header, never in the URL (where it would reach access logs). */
    @Override
    public final Map<String, String> auth(String key) {
        return key.isEmpty() ? Map.of() : Map.of("x-goog-api-key", key);
    }

    @Override
    public final boolean translated() {
        return true;
    }

    /** Google's limits first, then the API's own ({@link #checkOwn}). */
    @Override
    public final void checkRequest(ObjectNode body, boolean stream) {
        if (RequestLimits.choices(body) > MAX_CANDIDATES) {
            throw RequestLimits.unsupported("n", "Google models return at most " + MAX_CANDIDATES + " choices (n).");
        }
        checkOwn(body, stream);
    }

    protected abstract void checkOwn(ObjectNode body, boolean stream);
}

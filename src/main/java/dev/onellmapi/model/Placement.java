package dev.onellmapi.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One place where a built-in provider serves models, for a type whose built-in provider has several (Azure OpenAI's
 * resources): its name, base URL and key, and its models keyed by the name clients send, each to the name sent
 * upstream there (a deployment). Each has its own circuit breaker, {@link #breakerName}.
 */
public record Placement(ProviderType type, String name, String base, String key, Map<String, String> models) {
    public Placement {
        models = Collections.unmodifiableMap(new LinkedHashMap<>(models));
    }

    /** {@code <type>:<name>}: its breaker, its health check and the {@code owned_by} of its models. */
    public String breakerName() {
        return type.id() + ":" + name;
    }

    /** The headers that carry its key, as its type's API wants it. */
    public Map<String, String> headers() {
        return type.auth(key);
    }

    @Override
    public String toString() {
        return "Placement[" + breakerName() + ", models=" + models.keySet() + "]"; // never the key
    }
}

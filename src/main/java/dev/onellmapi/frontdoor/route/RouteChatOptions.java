package dev.onellmapi.frontdoor.route;

import java.math.BigDecimal;
import java.util.Map;

/**
 * The Kamelet's properties ({@code kamelet:one-llm-api-chat?model=...}), read and checked once when the route
 * starts: a bad value stops the route with a message naming the property, never a failure per message.
 *
 * @param key virtual key, or null: the route is a master caller, recorded as {@code route:<route id>}
 * @param system a system message put first, or null
 * @param temperature sampling temperature, or null (the provider's default)
 * @param maxTokens {@code max_tokens}, or null
 * @param callerRouteId the id of the route that uses the Kamelet (the Kamelet passes it), or null
 */
public record RouteChatOptions(String model, String key, String system, BigDecimal temperature, Integer maxTokens,
                               boolean stream, Output output, String callerRouteId) {

    /** What the route gets back. */
    public enum Output {
        /** The answer's text (stream: each text delta). */
        TEXT,
        /** The whole {@code chat.completion} as JSON text (stream: each {@code chat.completion.chunk}). */
        JSON
    }

    /**
     * Takes the options out of an endpoint's parameters (the key as {@code apiKey}, a name Camel masks wherever it
     * shows an endpoint's URI); what is left in {@code parameters} is unknown to us (Camel
     * then refuses the endpoint, naming it).
     */
    public static RouteChatOptions take(Map<String, Object> parameters) {
        String model = text(parameters.remove("model"));
        if (model == null) {
            throw new IllegalArgumentException("model: the Kamelet one-llm-api-chat needs a model (one name, or "
                    + "several separated by commas)");
        }
        return new RouteChatOptions(model, text(parameters.remove("apiKey")), text(parameters.remove("system")),
                temperature(text(parameters.remove("temperature"))), maxTokens(text(parameters.remove("maxTokens"))),
                bool(text(parameters.remove("stream"))), output(text(parameters.remove("output"))),
                text(parameters.remove("callerRouteId")));
    }

    /** Several models are asked at once: an answer per model. */
    public boolean severalModels() {
        return model.indexOf(',') >= 0;
    }

    private static String text(Object value) {
        String text = value == null ? null : value.toString().trim();
        return text == null || text.isEmpty() ? null : text;
    }

    private static BigDecimal temperature(String raw) {
        if (raw == null) {
            return null;
        }
        try {
            BigDecimal value = new BigDecimal(raw);
            if (value.signum() < 0 || value.compareTo(BigDecimal.valueOf(2)) > 0) {
                throw new IllegalArgumentException("temperature: '" + raw + "' is outside 0..2");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("temperature: '" + raw + "' is not a number");
        }
    }

    private static Integer maxTokens(String raw) {
        if (raw == null) {
            return null;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value < 1) {
                throw new IllegalArgumentException("maxTokens: '" + raw + "' must be at least 1");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("maxTokens: '" + raw + "' is not a whole number");
        }
    }

    private static boolean bool(String raw) {
        if (raw == null || raw.equalsIgnoreCase("false")) {
            return false;
        }
        if (raw.equalsIgnoreCase("true")) {
            return true;
        }
        throw new IllegalArgumentException("stream: '" + raw + "' is not true or false");
    }

    private static Output output(String raw) {
        if (raw == null || raw.equalsIgnoreCase("text")) {
            return Output.TEXT;
        }
        if (raw.equalsIgnoreCase("json")) {
            return Output.JSON;
        }
        throw new IllegalArgumentException("output: '" + raw + "' is not text or json");
    }
}

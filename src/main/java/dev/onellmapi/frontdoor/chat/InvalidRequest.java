package dev.onellmapi.frontdoor.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.onellmapi.wire.ApiError;

/** The 400s of request validation, worded and coded as OpenAI words and codes its own. */
final class InvalidRequest {
    private InvalidRequest() {
    }

    static ApiError missing(String param) {
        return error("missing_required_parameter", param, "Missing required parameter: '" + param + "'.");
    }

    static ApiError type(String param, String expected, JsonNode got) {
        return error("invalid_type", param, "Invalid type for '" + param + "': expected " + expected + ", but got "
                + kind(got) + " instead.");
    }

    static ApiError above(String param, String kind, Object max, JsonNode got) {
        return error(kind + "_above_max_value", param, "Invalid '" + param + "': " + kind
                + " above maximum value. Expected a value <= " + max + ", but got " + got + " instead.");
    }

    static ApiError below(String param, String kind, Object min, JsonNode got) {
        return error(kind + "_below_min_value", param, "Invalid '" + param + "': " + kind
                + " below minimum value. Expected a value >= " + min + ", but got " + got + " instead.");
    }

    static ApiError tooLong(String param, int max, int got) {
        return error("array_above_max_length", param, "Invalid '" + param + "': array too long. Expected an array "
                + "with maximum length " + max + ", but got an array with length " + got + " instead.");
    }

    static ApiError value(String param, String message) {
        return error("invalid_value", param, message);
    }

    private static ApiError error(String code, String param, String message) {
        return new ApiError(400, "invalid_request_error", code, param, message, null);
    }

    private static String kind(JsonNode value) {
        if (value == null || value.isNull()) {
            return "null";
        }
        return switch (value.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> value.isIntegralNumber() ? "an integer" : "a decimal";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> "a value of another type";
        };
    }
}

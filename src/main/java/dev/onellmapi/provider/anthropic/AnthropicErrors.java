package dev.onellmapi.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.onellmapi.wire.ApiError;
import dev.onellmapi.wire.Json;
import dev.onellmapi.provider.UpstreamErrors;

import java.io.IOException;

/**
 * Anthropic's errors ({@code {"type":"error","error":{"type","message"}}}, as an HTTP answer or as a stream's
 * {@code error} event) → the gateway's error. The shared table does the rest; Anthropic's own 529 "overloaded" is
 * a temporary condition, so it becomes 503 (worth retrying) rather than the 502 of other 5xx.
 */
final class AnthropicErrors {
    static final String PROVIDER = "anthropic";
    private static final int OVERLOADED = 529;

    private AnthropicErrors() {
    }

    static ApiError fromHttp(int status, String body, String retryAfter) {
        JsonNode error = errorObject(body);
        String type = error == null ? null : error.path("type").asText(null);
        String message = error == null ? UpstreamErrors.shorten(body) : error.path("message").asText("");
        return toApiError(status, type, message, retryAfter);
    }

    /** A stream's {@code error} event: it carries no status, so the status comes from the error type. */
    static ApiError fromEvent(String data) {
        JsonNode error = errorObject(data);
        String type = error == null ? "api_error" : error.path("type").asText("api_error");
        String message = error == null ? UpstreamErrors.shorten(data) : error.path("message").asText("");
        return toApiError(statusOf(type), type, message, null);
    }

    private static ApiError toApiError(int status, String type, String message, String retryAfter) {
        if (status == OVERLOADED || "overloaded_error".equals(type) && status >= 500) {
            return new ApiError(503, "overloaded_error", "provider_overloaded", null,
                    PROVIDER + " is overloaded: " + message, retryAfter);
        }
        return UpstreamErrors.fromStatus(PROVIDER, status, message, type, null, null, retryAfter);
    }

    private static int statusOf(String type) {
        return switch (type) {
            case "invalid_request_error" -> 400;
            case "authentication_error" -> 401;
            case "permission_error" -> 403;
            case "not_found_error" -> 404;
            case "request_too_large" -> 413;
            case "rate_limit_error" -> 429;
            case "overloaded_error" -> OVERLOADED;
            default -> 500;
        };
    }

    private static JsonNode errorObject(String body) {
        try {
            JsonNode error = Json.parse(body).path("error");
            return error.isObject() ? error : null;
        } catch (IOException | RuntimeException notJson) {
            return null;
        }
    }
}

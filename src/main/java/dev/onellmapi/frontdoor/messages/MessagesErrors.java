package dev.onellmapi.frontdoor.messages;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.Json;

/**
 * Errors in Anthropic's shape, {@code {"type": "error", "error": {"type", "message"}, "request_id"}}, typed by status
 * as Anthropic types them (its SDKs pick the exception by status, so the status is kept as the gateway decided it).
 */
public final class MessagesErrors {
    private MessagesErrors() {
    }

    /** Anthropic's error type for an HTTP status. */
    public static String type(int status) {
        return switch (status) {
            case 400, 422 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 402 -> "billing_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 503, 529 -> "overloaded_error";
            case 504 -> "timeout_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    }

    /** @param requestId the gateway's request id ({@code x-request-id}), or null */
    public static ObjectNode body(int status, String message, String requestId) {
        ObjectNode body = Json.object().put("type", "error");
        body.putObject("error").put("type", type(status)).put("message", message);
        if (requestId != null) {
            body.put("request_id", requestId);
        }
        return body;
    }

    /** The stream's last frame when it fails after it started ({@code event: error}). */
    public static String event(int status, String message) {
        return MessagesStreamMapper.frame("error", body(status, message, null));
    }
}

package dev.onellmapi.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.Json;

/**
 * An error the client sees, always in OpenAI's shape: {"error": {"message", "type", "param", "code"}}.
 * Thrown from any step; the entry route's error handler turns it into the HTTP answer.
 */
public class ApiError extends RuntimeException {
    private final int status;
    private final String type;
    private final String code;
    private final String param;
    private final String retryAfter;

    public ApiError(int status, String type, String code, String param, String message, String retryAfter) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
        this.retryAfter = retryAfter;
    }

    public static ApiError invalidRequest(String message, String param) {
        return new ApiError(400, "invalid_request_error", null, param, message, null);
    }

    public static ApiError unauthorized(String message) {
        return new ApiError(401, "invalid_request_error", "invalid_api_key", null, message, null);
    }

    public static ApiError modelNotFound(String message) {
        return new ApiError(404, "invalid_request_error", "model_not_found", "model", message, null);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String retryAfter() {
        return retryAfter;
    }

    /** The inner object: {"message", "type", "param", "code"}; no secret of the gateway's in its message. */
    public ObjectNode body() {
        ObjectNode error = Json.object();
        error.put("message", SecretRedactor.redact(getMessage()));
        error.put("type", type);
        error.put("param", param);
        error.put("code", code);
        return error;
    }

    /** The whole document: {"error": {...}}. */
    public ObjectNode document() {
        ObjectNode doc = Json.object();
        doc.set("error", body());
        return doc;
    }
}

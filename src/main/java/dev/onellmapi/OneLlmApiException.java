package dev.onellmapi;

/**
 * A refusal or failure of a model call made from a route ({@code kamelet:one-llm-api-chat}): what an HTTP client
 * would have got, as one exception type a route's {@code onException} or {@code doTry} can catch and tell apart by
 * {@code ${exception.status}} (429 from 400), {@code ${exception.type}} and {@code ${exception.code}} (OpenAI's error
 * type and code). Imports nothing of the gateway's, so a host's route classes may depend on it alone.
 */
public class OneLlmApiException extends RuntimeException {
    private final int status;
    private final String type;
    private final String code;
    private final String param;
    private final Integer retryAfterSeconds;

    public OneLlmApiException(int status, String type, String code, String param, String message,
                              Integer retryAfterSeconds) {
        super(message);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** The HTTP status an HTTP client would have got: 400, 401, 403, 404, 429, 502, 503, 504, ... */
    public int getStatus() {
        return status;
    }

    /** OpenAI's error type: {@code invalid_request_error}, {@code requests}, {@code insufficient_quota}, ... */
    public String getType() {
        return type;
    }

    /** OpenAI's error code ({@code rate_limit_exceeded}, {@code model_not_found}, ...), or null. */
    public String getCode() {
        return code;
    }

    /** The request parameter the error is about ({@code model}, {@code messages}), or null. */
    public String getParam() {
        return param;
    }

    /** Seconds to wait before trying again ({@code Retry-After}), or null when none was given. */
    public Integer getRetryAfterSeconds() {
        return retryAfterSeconds;
    }

    @Override
    public String toString() {
        return "OneLlmApiException " + status + (code == null ? "" : " " + code) + ": " + getMessage();
    }
}

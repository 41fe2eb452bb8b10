package dev.onellmapi.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.onellmapi.wire.ApiError;
import dev.onellmapi.wire.Json;
import dev.onellmapi.provider.UpstreamErrors;

import java.io.IOException;

/**
 * Google's error body ({@code {"error": {"code", "message", "status", "details"}}}, the same for Gemini and PaLM) in
 * the gateway's error table. Two Google habits are undone: a bad key comes as 400 {@code API_KEY_INVALID} (made 401,
 * so clients see an auth error), and the wait of a 429 may be only in {@code RetryInfo.retryDelay} ("30s").
 */
public final class GoogleErrors {
    private GoogleErrors() {
    }

    public static ApiError from(String provider, int status, String body, String retryAfter) {
        JsonNode error;
        try {
            JsonNode document = Json.parse(body);
            // a stream endpoint called without alt=sse wraps its error in a one-element array
            error = (document.isArray() ? document.path(0) : document).path("error");
        } catch (IOException | RuntimeException notJson) {
            error = null;
        }
        if (error == null || !error.isObject()) {
            return UpstreamErrors.fromStatus(provider, status, UpstreamErrors.shorten(body), null, null, null,
                    retryAfter);
        }
        int effective = status;
        String wait = retryAfter;
        for (JsonNode detail : error.path("details")) {
            if ("API_KEY_INVALID".equals(detail.path("reason").asText())) {
                effective = 401;
            }
            String delay = detail.path("retryDelay").asText("");
            if (wait == null && delay.matches("\\d+(\\.\\d+)?s")) {
                wait = String.valueOf((long) Math.ceil(Double.parseDouble(delay.substring(0, delay.length() - 1))));
            }
        }
        String code = error.hasNonNull("status") ? error.get("status").asText() : null;
        return UpstreamErrors.fromStatus(provider, effective, error.path("message").asText(null), null, code, null,
                wait);
    }
}

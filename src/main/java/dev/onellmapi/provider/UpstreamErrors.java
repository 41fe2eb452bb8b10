package dev.onellmapi.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.onellmapi.wire.ApiError;
import dev.onellmapi.wire.Json;

import java.io.IOException;

/**
 * The design's table for provider failures, shared by every provider: a 4xx keeps its status and message, 429 keeps
 * its Retry-After, a 5xx (and a 3xx) becomes 502. Providers that use other statuses (Anthropic's 529) map them before calling.
 */
public final class UpstreamErrors {
    private UpstreamErrors() {
    }

    public static ApiError fromStatus(String provider, int status, String message, String type, String code,
                                      String param, String retryAfter) {
        String text = message == null || message.isBlank()
                ? provider + " answered HTTP " + status : message;
        if (status >= 500) {
            return new ApiError(502, "upstream_error", code, param, provider + " failed (HTTP " + status + "): " + text,
                    null);
        }
        if (status < 400) { // a redirect (the gateway follows none) or a 304: no answer the client could use
            return new ApiError(502, "upstream_error", "upstream_invalid_response", null, provider + " answered HTTP "
                    + status + " instead of an answer; check its API base URL", null);
        }
        String errorType = type == null ? (status == 429 ? "rate_limit_error" : "invalid_request_error") : type;
        return new ApiError(status, errorType, code, param, text, status == 429 ? retryAfter : null);
    }

    /** Reads an OpenAI-shaped error body ({"error": {...}}); other bodies are quoted, shortened. */
    public static ApiError fromOpenAiBody(String provider, int status, String body, String retryAfter) {
        try {
            JsonNode error = Json.parse(body).path("error");
            if (error.isObject()) {
                return fromStatus(provider, status, error.path("message").asText(null), textOrNull(error, "type"),
                        textOrNull(error, "code"), textOrNull(error, "param"), retryAfter);
            }
        } catch (IOException | RuntimeException notJson) {
            // fall through: quote the body
        }
        return fromStatus(provider, status, shorten(body), null, null, null, retryAfter);
    }

    /** A 2xx answer that is not a complete JSON object (cut short, or not JSON at all). */
    public static ApiError invalidAnswer(String provider) {
        return new ApiError(502, "upstream_error", "upstream_invalid_response", null,
                provider + " sent an answer that is not a complete JSON object", null);
    }

    /** A stream event whose data is not a JSON object. */
    public static ApiError invalidEvent(String provider) {
        return new ApiError(502, "upstream_error", "upstream_invalid_response", null,
                provider + " sent a stream event that is not a JSON object", null);
    }

    /** A stream request answered with something else than an event stream (plain text, a compressed body). */
    public static ApiError notAnEventStream(String provider, String contentType, String encoding) {
        return new ApiError(502, "upstream_error", "upstream_invalid_response", null, provider
                + " answered a stream request with " + (contentType == null ? "no Content-Type" : "'" + contentType
                + "'") + (encoding == null ? "" : " encoded as '" + encoding + "'") + ", not an event stream", null);
    }

    /** A stream whose body ended before the provider said the answer was finished. */
    public static ApiError unfinishedStream(String provider) {
        return new ApiError(502, "upstream_error", "stream_broken", null, provider
                + " ended its stream before the answer was finished", null);
    }

    /** An answer, or one stream event, larger than UPSTREAM_MAX_RESPONSE_BYTES. */
    public static ApiError tooLarge(String provider, int limit) {
        return new ApiError(502, "upstream_error", "upstream_response_too_large", null, provider
                + " sent more than UPSTREAM_MAX_RESPONSE_BYTES (" + limit + " bytes) in one answer or event", null);
    }

    public static String shorten(String body) {
        String trimmed = body == null ? "" : body.strip();
        return trimmed.length() > 300 ? trimmed.substring(0, 300) + "..." : trimmed;
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}

package dev.onellmapi.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.ApiError;

/**
 * The checks several provider types share for what their API cannot do ({@code ProviderType.checkRequest}), refused
 * with a 400 naming the parameter before anything is sent: answering without it would be answering another question
 * than the client asked.
 */
public final class RequestLimits {
    private RequestLimits() {
    }

    /** What the model's provider cannot do: said, never dropped silently. */
    public static ApiError unsupported(String param, String message) {
        return new ApiError(400, "invalid_request_error", "unsupported_parameter", param, message, null);
    }

    public static int choices(ObjectNode body) {
        return body.path("n").asInt(1);
    }

    public static void noLogprobs(ObjectNode body, String provider) {
        if (body.path("logprobs").asBoolean(false)) {
            throw unsupported("logprobs", provider + " models do not return log probabilities through this "
                    + "gateway: logprobs is not supported.");
        }
    }
}

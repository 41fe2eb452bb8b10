package dev.onellmapi.provider.gemini;

import dev.onellmapi.config.GatewayConfig;
import dev.onellmapi.http.ApiError;
import org.apache.camel.Exchange;

/** Gemini request mapping: OpenAI request → Gemini request. (Skeleton: to be written.) */
public final class GeminiRequestMapper {
    public GeminiRequestMapper(GatewayConfig config) {
    }

    public void map(Exchange exchange) {
        throw new ApiError(501, "invalid_request_error", "not_implemented", null, "Gemini is not implemented yet", null);
    }
}

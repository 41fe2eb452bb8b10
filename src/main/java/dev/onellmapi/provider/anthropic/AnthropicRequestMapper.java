package dev.onellmapi.provider.anthropic;

import dev.onellmapi.config.GatewayConfig;
import dev.onellmapi.http.ApiError;
import org.apache.camel.Exchange;

/** Anthropic request mapping: OpenAI request → Anthropic request. (Skeleton: to be written.) */
public final class AnthropicRequestMapper {
    public AnthropicRequestMapper(GatewayConfig config) {
    }

    public void map(Exchange exchange) {
        throw new ApiError(501, "invalid_request_error", "not_implemented", null, "Anthropic is not implemented yet", null);
    }
}

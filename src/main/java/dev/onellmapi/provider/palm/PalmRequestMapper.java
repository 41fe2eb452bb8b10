package dev.onellmapi.provider.palm;

import dev.onellmapi.config.GatewayConfig;
import dev.onellmapi.http.ApiError;
import org.apache.camel.Exchange;

/** Palm request mapping: OpenAI request → Palm request. (Skeleton: to be written.) */
public final class PalmRequestMapper {
    public PalmRequestMapper(GatewayConfig config) {
    }

    public void map(Exchange exchange) {
        throw new ApiError(501, "invalid_request_error", "not_implemented", null, "Palm is not implemented yet", null);
    }
}

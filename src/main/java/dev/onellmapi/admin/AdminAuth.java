package dev.onellmapi.admin;

import dev.onellmapi.request.RequestContext;
import dev.onellmapi.wire.ApiError;
import dev.onellmapi.accounting.GatewayAuth;
import org.apache.camel.Exchange;

/** The admin API is for master keys ({@code ONE_API_KEY}): a virtual key gets 403, no key or an unknown one 401. */
public final class AdminAuth {
    private final GatewayAuth auth;

    public AdminAuth(GatewayAuth auth) {
        this.auth = auth;
    }

    public void check(Exchange exchange) {
        auth.check(exchange);
        if (RequestContext.of(exchange).virtualKey() != null) {
            throw new ApiError(403, "invalid_request_error", "admin_only", null,
                    "The admin API takes a master key (ONE_API_KEY); this is a virtual key.", null);
        }
    }
}

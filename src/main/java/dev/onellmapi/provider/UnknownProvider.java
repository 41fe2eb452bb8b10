package dev.onellmapi.provider;

import dev.onellmapi.chat.ProviderCall;
import dev.onellmapi.chat.ProviderReply;
import dev.onellmapi.wire.ApiError;

/** The router's {@code otherwise}: a model resolved to a provider whose route is not in routes/. */
public final class UnknownProvider {
    public ProviderReply reply(ProviderCall call) {
        return new ProviderReply.Failed(call, new ApiError(501, "invalid_request_error", "provider_not_routed", "model",
                "No route handles provider '" + call.getProvider() + "' (model '" + call.target().requested()
                        + "'); add its route under routes/.", null));
    }
}

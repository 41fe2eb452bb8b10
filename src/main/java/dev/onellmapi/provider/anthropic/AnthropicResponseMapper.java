package dev.onellmapi.provider.anthropic;

import dev.onellmapi.config.GatewayConfig;
import dev.onellmapi.http.ApiError;
import dev.onellmapi.provider.ProviderCall;
import dev.onellmapi.provider.ProviderReply;
import dev.onellmapi.provider.ResponseMapper;
import dev.onellmapi.provider.UpstreamErrors;
import dev.onellmapi.streaming.StreamMapper;

/** Anthropic response mapping: Anthropic answer, stream and errors → OpenAI's. (Skeleton: to be written.) */
public final class AnthropicResponseMapper extends ResponseMapper {
    public AnthropicResponseMapper(GatewayConfig config) {
    }

    @Override
    protected ApiError error(int status, String body, String retryAfter) {
        return UpstreamErrors.fromStatus("anthropic", status, UpstreamErrors.shorten(body), null, null, null, retryAfter);
    }

    @Override
    protected ProviderReply.Complete complete(ProviderCall call, byte[] body) {
        throw new UnsupportedOperationException("Anthropic is not implemented yet");
    }

    @Override
    protected StreamMapper streamMapper(ProviderCall call) {
        throw new UnsupportedOperationException("Anthropic is not implemented yet");
    }
}

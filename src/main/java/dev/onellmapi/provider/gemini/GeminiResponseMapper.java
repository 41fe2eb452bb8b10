package dev.onellmapi.provider.gemini;

import dev.onellmapi.config.GatewayConfig;
import dev.onellmapi.http.ApiError;
import dev.onellmapi.provider.ProviderCall;
import dev.onellmapi.provider.ProviderReply;
import dev.onellmapi.provider.ResponseMapper;
import dev.onellmapi.provider.UpstreamErrors;
import dev.onellmapi.streaming.StreamMapper;

/** Gemini response mapping: Gemini answer, stream and errors → OpenAI's. (Skeleton: to be written.) */
public final class GeminiResponseMapper extends ResponseMapper {
    public GeminiResponseMapper(GatewayConfig config) {
    }

    @Override
    protected ApiError error(int status, String body, String retryAfter) {
        return UpstreamErrors.fromStatus("gemini", status, UpstreamErrors.shorten(body), null, null, null, retryAfter);
    }

    @Override
    protected ProviderReply.Complete complete(ProviderCall call, byte[] body) {
        throw new UnsupportedOperationException("Gemini is not implemented yet");
    }

    @Override
    protected StreamMapper streamMapper(ProviderCall call) {
        throw new UnsupportedOperationException("Gemini is not implemented yet");
    }
}

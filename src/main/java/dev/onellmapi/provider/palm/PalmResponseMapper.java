package dev.onellmapi.provider.palm;

import dev.onellmapi.wire.ApiError;
import dev.onellmapi.chat.ProviderCall;
import dev.onellmapi.chat.ProviderReply;
import dev.onellmapi.provider.ResponseMapper;
import dev.onellmapi.provider.gemini.GoogleErrors;
import dev.onellmapi.wire.StreamMapper;
import org.apache.camel.Exchange;

/** PaLM response mapping: the answer through {@link PalmAnswer}, errors in Google's shape → the gateway's table. */
public final class PalmResponseMapper extends ResponseMapper {
    public PalmResponseMapper() {
        super("palm");
    }

    @Override
    protected void received(Exchange exchange) {
        PalmAnswerAsEvent.wrap(exchange);
    }

    @Override
    protected ApiError error(int status, String body, String retryAfter) {
        return GoogleErrors.from("palm", status, body, retryAfter);
    }

    @Override
    protected ProviderReply.Complete complete(ProviderCall call, byte[] body) {
        return new ProviderReply.Complete(call, PalmAnswer.toCompletion(call.target().upstreamModel(),
                parseAnswer(body)));
    }

    @Override
    protected StreamMapper streamMapper(ProviderCall call) {
        return new PalmStreamMapper(call.target().upstreamModel());
    }
}

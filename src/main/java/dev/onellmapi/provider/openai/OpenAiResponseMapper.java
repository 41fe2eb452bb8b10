package dev.onellmapi.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.onellmapi.wire.ApiError;
import dev.onellmapi.wire.Json;
import dev.onellmapi.chat.ProviderCall;
import dev.onellmapi.chat.ProviderReply;
import dev.onellmapi.provider.ResponseMapper;
import dev.onellmapi.provider.UpstreamErrors;
import dev.onellmapi.wire.StreamMapper;

/** OpenAI response mapping: the answer is already OpenAI's, passed on as its bytes; errors keep their fields. */
public class OpenAiResponseMapper extends ResponseMapper {
    public OpenAiResponseMapper() {
        this("openai");
    }

    protected OpenAiResponseMapper(String provider) {
        super(provider);
    }

    @Override
    protected ApiError error(int status, String body, String retryAfter) {
        return UpstreamErrors.fromOpenAiBody(provider(), status, body, retryAfter);
    }

    /** Named after the call's provider: a configured OpenAI-compatible server is not "openai". */
    @Override
    protected ApiError error(ProviderCall call, int status, String body, String retryAfter) {
        return UpstreamErrors.fromOpenAiBody(call == null ? provider() : call.getProvider(), status, body,
                retryAfter);
    }

    @Override
    protected ProviderReply.Complete complete(ProviderCall call, byte[] body) {
        // passed on unparsed, so checked (tokens only, no tree); its usage read in the same pass, for the ledger
        JsonNode usage = Json.fieldOfWholeObject(body, "usage");
        if (usage == null) {
            throw UpstreamErrors.invalidAnswer(call.getProvider());
        }
        return new ProviderReply.Complete(call, body, usage);
    }

    @Override
    protected StreamMapper streamMapper(ProviderCall call) {
        return new OpenAiStreamMapper(call.getProvider());
    }
}

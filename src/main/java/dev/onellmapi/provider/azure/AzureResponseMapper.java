package dev.onellmapi.provider.azure;

import dev.onellmapi.chat.ProviderCall;
import dev.onellmapi.provider.openai.OpenAiResponseMapper;
import dev.onellmapi.wire.StreamMapper;

/** Azure response mapping: OpenAI's, with Azure's stream mapping. Errors (content_filter included) keep their code. */
public final class AzureResponseMapper extends OpenAiResponseMapper {
    public AzureResponseMapper() {
        super("azure");
    }

    @Override
    protected StreamMapper streamMapper(ProviderCall call) {
        return new AzureStreamMapper();
    }
}

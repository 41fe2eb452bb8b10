package dev.onellmapi.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.provider.ModelListReader;


/** OpenAI's model list ({@code GET {OPENAI_API_BASE}/models}): its entries are already OpenAI's. */
public final class OpenAiModels extends ModelListReader {
    public OpenAiModels() {
        super("/models", "data");
    }

    @Override
    protected ObjectNode entry(JsonNode model) {
        return model instanceof ObjectNode m && m.hasNonNull("id") ? m : null;
    }
}

package dev.onellmapi.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.catalog.ModelCatalog;
import dev.onellmapi.provider.ModelListReader;


/**
 * Gemini's model list ({@code GET {GEMINI_API_BASE}/v1beta/models}), read by the {@code models-gemini} route: only
 * the models that answer {@code generateContent} (not the embedding ones), named without Google's {@code models/}.
 */
public final class GeminiModels extends ModelListReader {
    public GeminiModels() {
        super("/v1beta/models?pageSize=1000", "models");
    }

    @Override
    protected ObjectNode entry(JsonNode model) {
        if (!generatesContent(model)) {
            return null;
        }
        String name = model.path("name").asText();
        return ModelCatalog.entry(name.startsWith("models/") ? name.substring(7) : name, "google");
    }

    private static boolean generatesContent(JsonNode model) {
        for (JsonNode method : model.path("supportedGenerationMethods")) {
            if (method.asText().equals("generateContent")) {
                return true;
            }
        }
        return false;
    }
}

package dev.onellmapi.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.catalog.ModelCatalog;
import dev.onellmapi.config.GatewayConfig;
import dev.onellmapi.json.Json;
import dev.onellmapi.provider.UpstreamRequest;
import org.apache.camel.Exchange;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Gemini's model list ({@code GET {GEMINI_API_BASE}/v1beta/models}), read by the {@code models-gemini} route: only
 * the models that answer {@code generateContent} (not the embedding ones), named without Google's {@code models/}.
 */
public final class GeminiModels {
    private final String url;
    private final Map<String, String> headers;

    public GeminiModels(GatewayConfig config) {
        this.url = config.geminiBase() + "/v1beta/models?pageSize=1000";
        this.headers = Map.of("x-goog-api-key", config.geminiKey());
    }

    public void request(Exchange exchange) {
        UpstreamRequest.get(exchange, url, headers);
    }

    public List<ObjectNode> parse(InputStream body) throws IOException {
        List<ObjectNode> models = new ArrayList<>();
        try (body) {
            for (JsonNode model : Json.MAPPER.readTree(body).path("models")) {
                if (generatesContent(model)) {
                    String name = model.path("name").asText();
                    models.add(ModelCatalog.entry(name.startsWith("models/") ? name.substring(7) : name, "google"));
                }
            }
        }
        return models;
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

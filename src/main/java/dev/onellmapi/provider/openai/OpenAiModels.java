package dev.onellmapi.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.config.GatewayConfig;
import dev.onellmapi.json.Json;
import dev.onellmapi.provider.UpstreamRequest;
import org.apache.camel.Exchange;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** OpenAI's model list ({@code GET {OPENAI_API_BASE}/models}), read by the {@code models-openai} route. */
public final class OpenAiModels {
    private final String url;
    private final Map<String, String> headers;

    public OpenAiModels(GatewayConfig config) {
        this.url = config.openAiBase() + "/models";
        this.headers = Map.of("Authorization", "Bearer " + config.openAiKey());
    }

    public void request(Exchange exchange) {
        UpstreamRequest.get(exchange, url, headers);
    }

    public List<ObjectNode> parse(InputStream body) throws IOException {
        List<ObjectNode> models = new ArrayList<>();
        try (body) {
            for (JsonNode model : Json.MAPPER.readTree(body).path("data")) {
                if (model instanceof ObjectNode m && m.hasNonNull("id")) {
                    models.add(m);
                }
            }
        }
        return models;
    }
}

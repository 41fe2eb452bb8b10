package dev.onellmapi.provider.gemini;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.config.GatewayConfig;
import org.apache.camel.Exchange;

import java.io.InputStream;
import java.util.List;

/** Gemini's model list for GET /v1/models, read by the models-gemini route. (Skeleton: to be written.) */
public final class GeminiModels {
    public GeminiModels(GatewayConfig config) {
    }

    public void request(Exchange exchange) {
    }

    public List<ObjectNode> parse(InputStream body) {
        return List.of();
    }
}

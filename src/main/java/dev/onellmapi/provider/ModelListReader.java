package dev.onellmapi.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.Json;
import dev.onellmapi.model.ProviderInstance;
import org.apache.camel.Exchange;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A provider's own model list for {@code GET /v1/models}, read by its {@code models-<provider>} route: one GET with
 * the provider's key ({@link #request}), then each model of the answer's array as an OpenAI list entry
 * ({@link #parse}). A provider says only where its list is and how one of its models reads.
 */
public abstract class ModelListReader {
    /** The exchange property with the provider whose list is asked for (a configured one: its base URL and key). */
    public static final String INSTANCE = "oneLlmApi.modelListOf";

    private final String base;
    private final String path;
    private final Map<String, String> headers;
    private final String arrayField;

    /** @param path the list's path after the provider's base URL */
    protected ModelListReader(String base, String path, Map<String, String> headers, String arrayField) {
        this.base = base;
        this.path = path;
        this.headers = headers;
        this.arrayField = arrayField;
    }

    public final void request(Exchange exchange) {
        ProviderInstance instance = exchange.getProperty(INSTANCE, ProviderInstance.class);
        if (instance == null) {
            UpstreamRequest.get(exchange, base + path, headers);
        } else {
            UpstreamRequest.get(exchange, instance.base() + path, instance.headers(0));
        }
    }

    public final List<ObjectNode> parse(InputStream body) throws IOException {
        List<ObjectNode> models = new ArrayList<>();
        try (body) {
            for (JsonNode model : Json.MAPPER.readTree(body).path(arrayField)) {
                ObjectNode entry = entry(model);
                if (entry != null) {
                    models.add(entry);
                }
            }
        }
        return models;
    }

    /** The OpenAI entry ({@code id}, {@code object: model}, ...) for one model of the list, or null to leave it out. */
    protected abstract ObjectNode entry(JsonNode model);
}

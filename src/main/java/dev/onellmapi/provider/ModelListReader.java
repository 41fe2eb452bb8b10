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

/**
 * A provider's own model list for {@code GET /v1/models}, read by its {@code models-<provider>} route: one GET with
 * the provider's key ({@link #request}), then each model of the answer's array as an OpenAI list entry
 * ({@link #parse}). A provider says only where its list is and how one of its models reads.
 */
public abstract class ModelListReader {
    /** The exchange property with the provider whose list is asked for (a configured one: its base URL and key). */
    public static final String INSTANCE = "oneLlmApi.modelListOf";

    private final String path;
    private final String arrayField;

    /** @param path the list's path after the provider's base URL */
    protected ModelListReader(String path, String arrayField) {
        this.path = path;
        this.arrayField = arrayField;
    }

    /** The GET of the list, to the provider asked for (built-in or configured: its base URL, its first key). */
    public final void request(Exchange exchange) {
        ProviderInstance instance = exchange.getProperty(INSTANCE, ProviderInstance.class);
        UpstreamRequest.get(exchange, instance.base() + path, instance.headers(0));
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

    /**
     * The list when it could not be read (the provider-models route's catch): by default the failure goes on to the
     * model catalog, which logs it and keeps its last list.
     */
    public List<ObjectNode> fallback(Exchange exchange) throws Exception {
        throw exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
    }

    /** The OpenAI entry ({@code id}, {@code object: model}, ...) for one model of the list, or null to leave it out. */
    protected abstract ObjectNode entry(JsonNode model);
}

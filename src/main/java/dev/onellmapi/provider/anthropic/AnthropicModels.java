package dev.onellmapi.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.catalog.ModelCatalog;
import dev.onellmapi.provider.ModelListReader;
import org.apache.camel.Exchange;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;

/**
 * Anthropic's model list ({@code GET {ANTHROPIC_API_BASE}/v1/models?limit=1000}), read by the
 * {@code models-anthropic} route. When that call fails the route answers with {@link #fallback}, so the
 * Claude models stay listed while Anthropic's list is unreachable.
 */
public final class AnthropicModels extends ModelListReader {
    /** Aliases of current Claude models, listed when Anthropic's list cannot be read and none is configured. */
    public static final List<String> KNOWN = List.of(
            "claude-opus-4-5", "claude-sonnet-4-5", "claude-haiku-4-5", "claude-opus-4-1", "claude-opus-4-0",
            "claude-sonnet-4-0", "claude-3-7-sonnet-latest", "claude-3-5-haiku-latest");

    private final List<ObjectNode> fallback;

    /** @param configured ANTHROPIC_MODELS, comma-separated; empty means {@link #KNOWN} */
    public AnthropicModels(String configured) {
        super("/v1/models?limit=1000", "data");
        List<String> ids = Arrays.stream(configured.split(",")).map(String::trim).filter(id -> !id.isEmpty())
                .toList();
        this.fallback = (ids.isEmpty() ? KNOWN : ids).stream().map(id -> ModelCatalog.entry(id, "anthropic")).toList();
    }

    @Override
    protected ObjectNode entry(JsonNode model) {
        if (!model.hasNonNull("id")) {
            return null;
        }
        ObjectNode entry = ModelCatalog.entry(model.get("id").asText(), "anthropic");
        entry.put("created", created(model.path("created_at").asText("")));
        return entry;
    }

    /** Anthropic dates its models in ISO-8601; OpenAI's list has epoch seconds (0 when unknown). */
    private static long created(String isoDate) {
        try {
            return Instant.parse(isoDate).getEpochSecond();
        } catch (DateTimeParseException unknown) {
            return 0;
        }
    }

    /** ANTHROPIC_MODELS, or {@link #KNOWN}: Claude never drops out of GET /v1/models. */
    @Override
    public List<ObjectNode> fallback(Exchange exchange) {
        return fallback;
    }
}

package dev.onellmapi.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.Json;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * A JSON Schema (tool parameters, {@code response_format}) cut down to the OpenAPI subset Gemini accepts. Gemini
 * rejects the whole request on one keyword it does not know ({@code additionalProperties}, {@code $schema},
 * {@code $ref}, ...) or format it does not know, so this keeps only the keywords and formats it knows, and turns
 * {@code "type": ["string", "null"]} into {@code nullable}. A copy: the client's schema is never changed.
 */
final class GeminiSchemaCleaner {
    private static final Set<String> KEPT = Set.of("type", "format", "title", "description", "nullable", "enum",
            "maxItems", "minItems", "properties", "required", "minProperties", "maxProperties", "minLength",
            "maxLength", "pattern", "example", "anyOf", "propertyOrdering", "default", "items", "minimum", "maximum");
    /** The formats Gemini documents; any other ({@code uri}, {@code email}, ...) fails the request, so it is dropped. */
    private static final Set<String> FORMATS = Set.of("enum", "date-time", "float", "double", "int32", "int64");

    private GeminiSchemaCleaner() {
    }

    static ObjectNode clean(JsonNode schema) {
        ObjectNode out = Json.object();
        if (schema == null || !schema.isObject()) {
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (!KEPT.contains(key)) {
                continue;
            }
            switch (key) {
                case "properties" -> {
                    ObjectNode properties = out.putObject("properties");
                    value.fields().forEachRemaining(p -> properties.set(p.getKey(), clean(p.getValue())));
                }
                case "items" -> out.set("items", clean(value));
                case "anyOf" -> {
                    ArrayNode anyOf = out.putArray("anyOf");
                    value.forEach(s -> anyOf.add(clean(s)));
                }
                case "type" -> type(value, out);
                case "format" -> {
                    if (FORMATS.contains(value.asText())) {
                        out.set("format", value);
                    }
                }
                default -> out.set(key, value.deepCopy());
            }
        }
        return out;
    }

    /** Gemini's {@code type} is one name; JSON Schema's nullable union becomes the name plus {@code nullable}. */
    private static void type(JsonNode type, ObjectNode out) {
        if (!type.isArray()) {
            out.set("type", type.deepCopy());
            return;
        }
        for (JsonNode name : type) {
            if ("null".equals(name.asText())) {
                out.put("nullable", true);
            } else if (!out.has("type")) {
                out.put("type", name.asText());
            }
        }
    }

    /** Whether a cleaned parameters schema says anything: Gemini refuses an object schema without properties. */
    static boolean hasProperties(ObjectNode schema) {
        return schema.path("properties").size() > 0;
    }
}

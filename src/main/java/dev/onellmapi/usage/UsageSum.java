package dev.onellmapi.usage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.Json;

import java.util.Iterator;
import java.util.Map;

/**
 * The usage of a multi-model answer: every model's usage added up, field by field (the token counts and their
 * {@code *_details}). OpenAI sends one usage per answer, and clients keep the last one they read, so a multi-model
 * stream sends this sum once, at its end, rather than one usage chunk per model. The relays of the models add from
 * their own event loops, hence the locking.
 */
public final class UsageSum {
    private final ObjectNode sum = Json.object();
    private final ArrayNode perModel = Json.array();
    private boolean any;

    /** Adds one model's usage ({@code prompt_tokens}, ...): whole numbers, and objects of them (the details). */
    public synchronized void add(int index, String model, JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return;
        }
        any = true;
        addInto(sum, usage);
        perModel.addObject().put("index", index).put("model", model).set("usage", usage.deepCopy());
    }

    public synchronized boolean isEmpty() {
        return !any;
    }

    /** The sum as an OpenAI {@code usage} object. */
    public synchronized ObjectNode total() {
        return sum.deepCopy();
    }

    /** Each model's own usage: {@code [{"index", "model", "usage"}]}, in the order they came. */
    public synchronized ArrayNode perModel() {
        return perModel.deepCopy();
    }

    private static void addInto(ObjectNode into, JsonNode usage) {
        for (Iterator<Map.Entry<String, JsonNode>> it = usage.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            if (value.isIntegralNumber()) {
                into.put(field.getKey(), into.path(field.getKey()).asLong() + value.asLong());
            } else if (value.isObject()) {
                JsonNode existing = into.get(field.getKey());
                addInto(existing instanceof ObjectNode o ? o : into.putObject(field.getKey()), value);
            }
        }
    }
}

package dev.onellmapi.frontdoor.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.Json;

import java.time.Instant;

/**
 * The gateway's model list (OpenAI's list shape) in Anthropic's: {@code data} of {@code {"type": "model", "id",
 * "display_name", "created_at"}} with {@code has_more}, {@code first_id}, {@code last_id}. Served for
 * {@code GET /v1/models} when the request carries {@code anthropic-version}: every model of every provider, since this
 * door reaches them all.
 */
public final class MessagesModelList {
    private MessagesModelList() {
    }

    public static ObjectNode of(JsonNode openAiList) {
        ObjectNode out = Json.object();
        ArrayNode data = out.putArray("data");
        for (JsonNode model : openAiList.path("data")) {
            String id = model.path("id").asText();
            data.addObject().put("type", "model").put("id", id).put("display_name", id)
                    .put("created_at", Instant.ofEpochSecond(model.path("created").asLong()).toString());
        }
        out.put("has_more", false);
        if (data.isEmpty()) {
            out.putNull("first_id").putNull("last_id");
        } else {
            out.put("first_id", data.get(0).path("id").asText()).put("last_id",
                    data.get(data.size() - 1).path("id").asText());
        }
        return out;
    }
}

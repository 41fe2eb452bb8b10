package dev.onellmapi.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.model.ModelTarget;

import java.util.List;

/**
 * A validated chat completion request: the client's JSON parsed ({@code body}) and exactly as sent ({@code raw}, passed
 * on untouched to OpenAI-shaped providers when the model name needs no change), whether it streams, and the models
 * it resolved to.
 */
public record ChatRequest(ObjectNode body, byte[] raw, boolean stream, List<ModelTarget> targets) {
    public boolean fanOut() {
        return targets.size() > 1;
    }

    /** {@code stream_options.include_usage}: the client wants a usage chunk at the end of the stream. */
    public boolean includeUsage() {
        JsonNode options = body.get("stream_options");
        return options != null && options.path("include_usage").asBoolean(false);
    }
}

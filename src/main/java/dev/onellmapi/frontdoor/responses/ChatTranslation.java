package dev.onellmapi.frontdoor.responses;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A Responses request in the chat form: the chat request, what was left out (the {@code x-one-llm-api-ignored}
 * paths), the tool names to map calls back with, and the request's own input items (what a stored response keeps).
 */
public record ChatTranslation(ObjectNode chat, java.util.List<String> ignored, ToolNames tools, ArrayNode input) {
    /** The answer's header naming what was left out, comma-separated. */
    public static final String IGNORED_HEADER = "x-one-llm-api-ignored";
}

package dev.onellmapi.usage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Every stream is counted: when the client did not ask for usage ({@code stream_options.include_usage}), the
 * gateway asks the provider for it (OpenAI and Azure send it only then; the Anthropic and Gemini mappers write it
 * from what their providers always send) and {@link UsageMeter} keeps the usage chunk from the client.
 */
public final class StreamUsage {
    private StreamUsage() {
    }

    /**
     * For a streamed request without include_usage: sets it in {@code body} and returns true, the usage chunk being
     * then the gateway's, not the client's (the body's bytes are to be written again). Otherwise false.
     */
    public static boolean askProvider(ObjectNode body, boolean stream) {
        if (!stream) {
            return false;
        }
        JsonNode options = body.get("stream_options");
        if (options != null && options.path("include_usage").asBoolean(false)) {
            return false;
        }
        ObjectNode asked = options instanceof ObjectNode o ? o : body.putObject("stream_options");
        asked.put("include_usage", true);
        return true;
    }
}

package dev.onellmapi.usage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.Json;
import org.apache.camel.Exchange;

/**
 * Every stream is counted: when the client did not ask for usage ({@code stream_options.include_usage}), the
 * gateway asks the provider for it (OpenAI and Azure send it only then; the Anthropic and Gemini mappers write it
 * from what their providers always send) and {@link UsageMeter} keeps the usage chunk from the client.
 */
public final class StreamUsage {
    /** Set on the exchange when the usage chunk is the gateway's, not the client's. */
    public static final String HIDDEN = "oneLlmApi.usageHidden";

    private StreamUsage() {
    }

    /**
     * For a streamed request without include_usage: sets it in {@code body} and returns the body's new bytes,
     * noting on the exchange that the usage chunk is not the client's. Otherwise returns {@code raw}.
     */
    public static byte[] askProvider(Exchange exchange, ObjectNode body, byte[] raw, boolean stream) {
        if (!stream) {
            return raw;
        }
        JsonNode options = body.get("stream_options");
        if (options != null && options.path("include_usage").asBoolean(false)) {
            return raw;
        }
        ObjectNode asked = options instanceof ObjectNode o ? o : body.putObject("stream_options");
        asked.put("include_usage", true);
        exchange.setProperty(HIDDEN, Boolean.TRUE);
        return Json.bytes(body);
    }
}

package dev.onellmapi.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.json.Json;
import dev.onellmapi.provider.UpstreamErrors;
import dev.onellmapi.streaming.ChunkSink;
import dev.onellmapi.streaming.SseEvent;
import dev.onellmapi.streaming.StreamMapper;

/**
 * OpenAI stream mapping: chunks pass through as the provider wrote them (checked to be JSON objects, not parsed);
 * {@code [DONE]}
 * ends the stream (the gateway writes its own, once); an error event inside the stream is raised as an error.
 */
public class OpenAiStreamMapper implements StreamMapper {
    private final String provider;

    public OpenAiStreamMapper(String provider) {
        this.provider = provider;
    }

    @Override
    public boolean onEvent(SseEvent event, ChunkSink sink) {
        String data = event.data();
        if (data.equals("[DONE]")) {
            return false;
        }
        if (data.isBlank()) {
            return true;
        }
        // cheap test first: an escaped "error" inside content never matches the unescaped key
        if (data.contains("\"error\"")) {
            ObjectNode parsed = Json.parseObjectOrNull(data);
            JsonNode error = parsed == null ? null : parsed.get("error");
            if (error != null && error.isObject()) {
                throw UpstreamErrors.fromOpenAiBody(provider, 500, data, null);
            }
        }
        if (!Json.isWholeObject(data)) { // passed on unparsed, so checked: a client's SDK would choke on it
            throw UpstreamErrors.invalidEvent(provider);
        }
        if (keep(data)) {
            sink.chunk(data);
        }
        return true;
    }

    /** Whether a chunk goes to the client; Azure overrides this to drop its prompt-filter chunks. */
    protected boolean keep(String data) {
        return true;
    }
}

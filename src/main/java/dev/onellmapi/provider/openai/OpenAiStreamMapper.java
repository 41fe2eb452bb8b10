package dev.onellmapi.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.Json;
import dev.onellmapi.provider.UpstreamErrors;
import dev.onellmapi.wire.ChunkSink;
import dev.onellmapi.wire.SseEvent;
import dev.onellmapi.wire.StreamMapper;

/**
 * OpenAI stream mapping: chunks pass through as the provider wrote them (checked to be JSON objects, not parsed);
 * {@code [DONE]}
 * ends the stream (the gateway writes its own, once); an error event inside the stream is raised as an error.
 */
public class OpenAiStreamMapper implements StreamMapper {
    private final String provider;
    /** [DONE] came, or a chunk with a finish_reason: without either the stream was cut short. */
    private boolean finished;

    public OpenAiStreamMapper(String provider) {
        this.provider = provider;
    }

    @Override
    public boolean onEvent(SseEvent event, ChunkSink sink) {
        String data = event.data();
        if (data.equals("[DONE]")) {
            finished = true;
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
        finished = finished || hasFinishReason(data);
        if (keep(data)) {
            sink.chunk(data);
        }
        return true;
    }

    /** Azure may end without [DONE] after its finish chunk; a body that ends before any finish is broken. */
    @Override
    public void onEnd(ChunkSink sink) {
        if (!finished) {
            throw UpstreamErrors.unfinishedStream(provider);
        }
    }

    /** Any choice's {@code "finish_reason"} set to a string, found without parsing the chunk. */
    static boolean hasFinishReason(String data) {
        int at = data.indexOf("\"finish_reason\"");
        while (at >= 0) {
            int i = at + 15;
            while (i < data.length() && (data.charAt(i) == ':' || Character.isWhitespace(data.charAt(i)))) {
                i++;
            }
            if (i < data.length() && data.charAt(i) == '"') {
                return true;
            }
            at = data.indexOf("\"finish_reason\"", i);
        }
        return false;
    }

    /** Whether a chunk goes to the client; Azure overrides this to drop its prompt-filter chunks. */
    protected boolean keep(String data) {
        return true;
    }
}

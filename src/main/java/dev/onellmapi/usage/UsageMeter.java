package dev.onellmapi.usage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.Json;
import dev.onellmapi.chat.ProviderCall;
import dev.onellmapi.wire.ChunkSink;
import org.apache.camel.Exchange;

import java.util.ArrayList;
import java.util.List;

/**
 * Sits between one model's stream mapper and the client: notes when the first chunk went out, takes the usage
 * chunk (and keeps it from the client when the usage was the gateway's idea), and keeps the chunks relayed so a
 * stream cut short can be counted from them. Nothing is parsed per chunk but a usage chunk.
 */
public final class UsageMeter implements ChunkSink {
    /** Chunk text kept for the estimate; a longer stream is estimated from its length beyond this. */
    private static final int KEPT_CHARS = 4 << 20;

    private final ChunkSink next;
    private final boolean hideUsage;
    private final List<String> relayed = new ArrayList<>();
    private long keptChars;
    private long droppedChars;
    private long firstChunkNanos;
    private Usage usage;

    UsageMeter(ChunkSink next, boolean hideUsage) {
        this.next = next;
        this.hideUsage = hideUsage;
    }

    /** The sink a relay writes to: {@code next} behind this request's meter for the call's model. */
    public static ChunkSink around(Exchange exchange, ProviderCall call, ChunkSink next) {
        RequestUsage request = exchange.getProperty(RequestUsage.PROPERTY, RequestUsage.class);
        if (request == null) {
            return next;
        }
        UsageMeter meter = new UsageMeter(next, Boolean.TRUE.equals(exchange.getProperty(StreamUsage.HIDDEN)));
        request.meter(call.position(), meter);
        return meter;
    }

    @Override
    public void chunk(String json) {
        synchronized (this) {
            if (firstChunkNanos == 0) {
                firstChunkNanos = System.nanoTime();
            }
            if (json.contains("\"usage\":{") || json.contains("\"usage\": {")) {
                ObjectNode chunk = Json.parseObjectOrNull(json);
                Usage found = chunk == null ? null : UsageReader.of(chunk.get("usage"));
                if (found != null) {
                    usage = found;
                    if (hideUsage && chunk.path("choices").isEmpty()) {
                        return; // the gateway's own question: not the client's chunk
                    }
                }
            }
            if (hideUsage && json.endsWith(",\"usage\":null}")) {
                json = json.substring(0, json.length() - 14) + "}"; // OpenAI's "usage": null beside every chunk
            }
            if (keptChars < KEPT_CHARS) {
                relayed.add(json);
                keptChars += json.length();
            } else {
                droppedChars += json.length();
            }
        }
        next.chunk(json);
    }

    public synchronized long firstChunkNanos() {
        return firstChunkNanos;
    }

    /** The provider's usage if it came, else an estimate from what was relayed and the prompt. */
    public synchronized Usage usage(JsonNode requestBody) {
        if (usage != null) {
            return usage;
        }
        StringBuilder text = new StringBuilder();
        for (String json : relayed) {
            ObjectNode chunk = Json.parseObjectOrNull(json);
            if (chunk == null) {
                continue;
            }
            for (JsonNode choice : chunk.path("choices")) {
                JsonNode delta = choice.path("delta");
                text.append(delta.path("content").asText("")).append(delta.path("reasoning_content").asText(""));
                for (JsonNode call : delta.path("tool_calls")) {
                    text.append(call.path("function").path("name").asText(""))
                            .append(call.path("function").path("arguments").asText(""));
                }
            }
        }
        long completion = TokenEstimator.count(text.toString()) + droppedChars / 4;
        return new Usage(TokenEstimator.prompt(requestBody), completion, 0, true);
    }
}

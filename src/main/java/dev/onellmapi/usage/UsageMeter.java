package dev.onellmapi.usage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.Json;
import dev.onellmapi.chat.ProviderCall;
import dev.onellmapi.wire.ChunkSink;

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
    /** The prompt's tokens as the provider reported them before its usage chunk; -1: not reported. */
    private long reportedPrompt = -1;
    private long reportedCached;

    UsageMeter(ChunkSink next, boolean hideUsage) {
        this.next = next;
        this.hideUsage = hideUsage;
    }

    /**
     * The sink a relay writes to: {@code next} behind the meter of {@code request} (null: none) for the call's model;
     * {@code hideUsage}: the usage chunk is the gateway's question, kept from the client.
     */
    public static ChunkSink around(RequestUsage request, boolean hideUsage, ProviderCall call, ChunkSink next) {
        if (request == null) {
            return next;
        }
        UsageMeter meter = new UsageMeter(next, hideUsage);
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

    @Override
    public synchronized void promptReported(long promptTokens, long cachedTokens) {
        reportedPrompt = promptTokens;
        reportedCached = cachedTokens;
    }

    @Override
    public synchronized void usage(ObjectNode chatUsage) {
        usage = UsageReader.of(chatUsage);
    }

    public synchronized long firstChunkNanos() {
        return firstChunkNanos;
    }

    /**
     * The provider's usage if it came, else an estimate from what was relayed and the prompt (the prompt's tokens
     * as the provider reported them, when it did).
     */
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
        return reportedPrompt < 0 ? new Usage(TokenEstimator.prompt(requestBody), completion, 0, true)
                : new Usage(reportedPrompt, completion, reportedCached, true);
    }
}

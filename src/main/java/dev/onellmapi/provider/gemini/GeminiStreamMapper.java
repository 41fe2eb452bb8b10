package dev.onellmapi.provider.gemini;

import dev.onellmapi.wire.ChatCompletionJson;
import dev.onellmapi.provider.UpstreamErrors;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.ApiError;
import dev.onellmapi.wire.Json;
import dev.onellmapi.wire.ChunkSink;
import dev.onellmapi.wire.SseEvent;
import dev.onellmapi.wire.StreamMapper;

import java.util.Map;
import java.util.TreeMap;

/**
 * Gemini stream mapping: each {@code streamGenerateContent?alt=sse} event → content / tool-call chunks, after one
 * role chunk per choice. Gemini may repeat {@code finishReason} and sends a cumulative {@code usageMetadata} on
 * several events, so both are only remembered (the last value wins, never a sum) and written once, at the end: one
 * finish chunk per choice, then the usage chunk when the client asked for it.
 */
final class GeminiStreamMapper implements StreamMapper {
    private final String id = ChatCompletionJson.newId();
    private final long created = ChatCompletionJson.now();
    private final String model;
    private final boolean includeUsage;
    private final Map<Integer, Choice> choices = new TreeMap<>();
    private ObjectNode usage;
    private String blockReason;

    /** What the end needs to know of one choice. */
    private static final class Choice {
        String finishReason;
        int toolCalls;
    }

    GeminiStreamMapper(String model, boolean includeUsage) {
        this.model = model;
        this.includeUsage = includeUsage;
    }

    @Override
    public boolean onEvent(SseEvent event, ChunkSink sink) {
        if (event.data().isBlank()) {
            return true;
        }
        ObjectNode answer = Json.parseObjectOrNull(event.data());
        if (answer == null) {
            throw new ApiError(502, "upstream_error", "stream_broken", null, "gemini sent an unreadable stream event",
                    null);
        }
        JsonNode error = answer.get("error");
        if (error != null && error.isObject()) {
            throw GoogleErrors.from("gemini", error.path("code").asInt(500), event.data(), null);
        }
        ObjectNode eventUsage = GeminiCandidate.usage(answer);
        if (eventUsage != null) {
            usage = eventUsage;
        }
        if (blockReason == null) {
            blockReason = GeminiCandidate.blockReason(answer);
        }
        JsonNode candidates = answer.path("candidates");
        for (int i = 0; i < candidates.size(); i++) {
            GeminiCandidate candidate = GeminiCandidate.of(candidates.get(i), i);
            Choice choice = start(candidate.index(), sink);
            if (!candidate.reasoning().isEmpty()) {
                ObjectNode delta = Json.object();
                delta.put("reasoning_content", candidate.reasoning());
                sink.chunk(ChatCompletionJson.chunk(id, created, model, candidate.index(), delta, null));
            }
            if (!candidate.text().isEmpty()) {
                ObjectNode delta = Json.object();
                delta.put("content", candidate.text());
                sink.chunk(ChatCompletionJson.chunk(id, created, model, candidate.index(), delta, null));
            }
            if (!candidate.toolCalls().isEmpty()) {
                for (JsonNode call : candidate.toolCalls()) {
                    ((ObjectNode) call).put("index", choice.toolCalls++);
                }
                ObjectNode delta = Json.object();
                delta.set("tool_calls", candidate.toolCalls());
                sink.chunk(ChatCompletionJson.chunk(id, created, model, candidate.index(), delta, null));
            }
            if (candidate.finishReason() != null) {
                choice.finishReason = candidate.finishReason();
            }
        }
        return true; // Gemini has no end marker: its stream ends with the body
    }

    @Override
    public void onEnd(ChunkSink sink) {
        if (blockReason == null && (choices.isEmpty()
                || choices.values().stream().anyMatch(choice -> choice.finishReason == null))) {
            throw UpstreamErrors.unfinishedStream("gemini"); // no finishReason: the body ended early
        }
        if (choices.isEmpty()) {
            // a blocked prompt: the client still gets one choice that says why
            start(0, sink);
            ObjectNode delta = Json.object();
            delta.put("refusal", GeminiCandidate.refusal(blockReason));
            sink.chunk(ChatCompletionJson.chunk(id, created, model, 0, delta, "content_filter"));
        } else {
            choices.forEach((index, choice) -> {
                String reason = GeminiCandidate.openAiReason(choice.finishReason, choice.toolCalls > 0);
                ObjectNode delta = Json.object();
                if ("content_filter".equals(reason)) {
                    delta.put("refusal", GeminiCandidate.refusal(choice.finishReason));
                }
                sink.chunk(ChatCompletionJson.chunk(id, created, model, index, delta, reason == null ? "stop" : reason));
            });
        }
        if (includeUsage && usage != null) {
            sink.chunk(ChatCompletionJson.usageChunk(id, created, model, usage));
        }
    }

    /** The state of choice {@code index}; its first appearance writes the role chunk. */
    private Choice start(int index, ChunkSink sink) {
        Choice choice = choices.get(index);
        if (choice == null) {
            choice = new Choice();
            choices.put(index, choice);
            ObjectNode delta = Json.object();
            delta.put("role", "assistant");
            delta.put("content", "");
            sink.chunk(ChatCompletionJson.chunk(id, created, model, index, delta, null));
        }
        return choice;
    }
}

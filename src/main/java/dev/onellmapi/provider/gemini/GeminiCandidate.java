package dev.onellmapi.provider.gemini;

import dev.onellmapi.wire.ChatCompletionJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.Json;

/**
 * What the answer and the stream read from a Gemini candidate (or one stream event's piece of it): its choice index,
 * its text, its thought summaries (the {@code reasoning_content}), its function calls as OpenAI tool calls, and
 * OpenAI's name for its {@code finishReason}.
 */
record GeminiCandidate(int index, String text, String reasoning, ArrayNode toolCalls, String finishReason) {

    static GeminiCandidate of(JsonNode candidate, int position) {
        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        ArrayNode toolCalls = Json.array();
        for (JsonNode part : candidate.path("content").path("parts")) {
            if (part.path("thought").asBoolean(false)) {
                reasoning.append(part.path("text").asText()); // a thinking model's summary: not the answer
                continue;
            }
            if (part.has("text")) {
                text.append(part.get("text").asText());
            }
            JsonNode call = part.get("functionCall");
            if (call != null) {
                String id = call.hasNonNull("id") ? call.get("id").asText() : ChatCompletionJson.newToolCallId();
                toolCalls.add(ChatCompletionJson.toolCall(id, call.path("name").asText(), call.get("args")));
            }
        }
        String reason = candidate.hasNonNull("finishReason") ? candidate.get("finishReason").asText() : null;
        return new GeminiCandidate(candidate.path("index").asInt(position), text.toString(), reasoning.toString(),
                toolCalls, reason);
    }

    /**
     * STOP → stop (tool_calls when the model called functions), MAX_TOKENS → length, the safety family →
     * content_filter; anything else Gemini may add ends the answer as stop. Null while the stream goes on.
     */
    static String openAiReason(String geminiReason, boolean calledTools) {
        if (geminiReason == null || geminiReason.isEmpty() || geminiReason.equals("FINISH_REASON_UNSPECIFIED")) {
            return null;
        }
        return switch (geminiReason) {
            case "MAX_TOKENS" -> "length";
            case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY" -> "content_filter";
            default -> calledTools ? "tool_calls" : "stop";
        };
    }

    /** Said to the client (as OpenAI's {@code refusal}) when Google filtered the answer or the prompt. */
    static String refusal(String reason) {
        return "Gemini blocked the answer (" + reason + ")";
    }

    /**
     * {@code usageMetadata} → usage; null when the event has none. Thinking tokens count as completion tokens (as
     * OpenAI counts reasoning) and are also given as {@code reasoning_tokens}; {@code promptTokenCount} already
     * includes the cached part, which is given as {@code cached_tokens} (Gemini caches long prompts by itself).
     */
    static ObjectNode usage(JsonNode answer) {
        JsonNode metadata = answer.get("usageMetadata");
        if (metadata == null || !metadata.isObject()) {
            return null;
        }
        long prompt = metadata.path("promptTokenCount").asLong();
        long thoughts = metadata.path("thoughtsTokenCount").asLong();
        long completion = metadata.path("candidatesTokenCount").asLong() + thoughts;
        ObjectNode usage = ChatCompletionJson.usage(prompt, completion,
                metadata.path("totalTokenCount").asLong(prompt + completion));
        if (metadata.has("cachedContentTokenCount")) {
            usage.putObject("prompt_tokens_details").put("cached_tokens",
                    metadata.get("cachedContentTokenCount").asLong());
        }
        if (metadata.has("thoughtsTokenCount")) {
            usage.putObject("completion_tokens_details").put("reasoning_tokens", thoughts);
        }
        return usage;
    }

    /** The reason Gemini refused the prompt itself (HTTP 200, no candidates), or null. */
    static String blockReason(JsonNode answer) {
        JsonNode reason = answer.path("promptFeedback").get("blockReason");
        return reason == null || reason.isNull() ? null : reason.asText();
    }
}

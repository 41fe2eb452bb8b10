package dev.onellmapi.provider.gemini;

import dev.onellmapi.wire.ChatCompletionJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.ApiError;
import dev.onellmapi.chat.ProviderCall;
import dev.onellmapi.chat.ProviderReply;
import dev.onellmapi.provider.ResponseMapper;
import dev.onellmapi.wire.StreamMapper;

/**
 * Gemini response mapping: candidates → choices (index kept), errors in Google's shape → the gateway's table. A
 * prompt Google blocked (HTTP 200, no candidates) is an answer with {@code finish_reason: content_filter} and the
 * reason as {@code refusal}, never an empty success.
 */
public final class GeminiResponseMapper extends ResponseMapper {
    public GeminiResponseMapper() {
        super("gemini");
    }

    @Override
    protected ApiError error(int status, String body, String retryAfter) {
        return GoogleErrors.from("gemini", status, body, retryAfter);
    }

    @Override
    protected ProviderReply.Complete complete(ProviderCall call, byte[] body) {
        JsonNode answer = parseAnswer(body);
        ObjectNode completion = ChatCompletionJson.completion(call.target().upstreamModel());
        ArrayNode choices = (ArrayNode) completion.get("choices");
        JsonNode candidates = answer.path("candidates");
        if (candidates.isEmpty()) {
            String blocked = GeminiCandidate.blockReason(answer);
            choices.add(ChatCompletionJson.choice(0, "", null,
                    blocked == null ? null : GeminiCandidate.refusal(blocked),
                    blocked == null ? "stop" : "content_filter"));
        }
        for (int i = 0; i < candidates.size(); i++) {
            GeminiCandidate candidate = GeminiCandidate.of(candidates.get(i), i);
            boolean calledTools = !candidate.toolCalls().isEmpty();
            String reason = GeminiCandidate.openAiReason(candidate.finishReason(), calledTools);
            String finish = reason == null ? "stop" : reason;
            // a candidate cut by a filter may have no parts at all: still a choice, with empty content
            ObjectNode choice = ChatCompletionJson.choice(candidate.index(),
                    calledTools && candidate.text().isEmpty() ? null : candidate.text(), candidate.toolCalls(),
                    finish.equals("content_filter") ? GeminiCandidate.refusal(candidate.finishReason()) : null,
                    finish);
            if (!candidate.reasoning().isEmpty()) {
                ((ObjectNode) choice.get("message")).put("reasoning_content", candidate.reasoning());
            }
            choices.add(choice);
        }
        ObjectNode usage = GeminiCandidate.usage(answer);
        if (usage != null) {
            completion.set("usage", usage);
        }
        return new ProviderReply.Complete(call, completion);
    }

    @Override
    protected StreamMapper streamMapper(ProviderCall call) {
        return new GeminiStreamMapper(call.target().upstreamModel(), call.chat().includeUsage());
    }
}

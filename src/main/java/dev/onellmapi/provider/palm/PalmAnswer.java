package dev.onellmapi.provider.palm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.ChatCompletionJson;

/**
 * A PaLM answer (generateMessage's {@code candidates[{author, content}]} or generateText's
 * {@code candidates[{output}]}) as a {@code chat.completion}. PaLM says nothing of why a candidate ended, so each
 * finishes with {@code stop}; when its filters removed every candidate, the one choice is empty, finishes with
 * {@code content_filter} and carries the filter reason as {@code refusal}. PaLM reports no token counts: no usage.
 */
final class PalmAnswer {
    private PalmAnswer() {
    }

    static ObjectNode toCompletion(String model, JsonNode answer) {
        ObjectNode completion = ChatCompletionJson.completion(model);
        ArrayNode choices = (ArrayNode) completion.get("choices");
        JsonNode candidates = answer.path("candidates");
        for (int i = 0; i < candidates.size(); i++) {
            JsonNode candidate = candidates.get(i);
            String text = candidate.has("output") ? candidate.get("output").asText()
                    : candidate.path("content").asText("");
            choices.add(ChatCompletionJson.choice(i, text, null, null, "stop"));
        }
        if (choices.isEmpty()) {
            choices.add(ChatCompletionJson.choice(0, "", null, refusal(answer.path("filters")), "content_filter"));
        }
        return completion;
    }

    /** "PaLM filtered the answer (SAFETY: ...)", from the answer's {@code filters[{reason, message}]}. */
    private static String refusal(JsonNode filters) {
        StringBuilder why = new StringBuilder();
        for (JsonNode filter : filters) {
            why.append(why.isEmpty() ? "" : "; ").append(filter.path("reason").asText("UNSPECIFIED"));
            if (filter.hasNonNull("message")) {
                why.append(": ").append(filter.get("message").asText());
            }
        }
        return "PaLM filtered the answer (" + (why.isEmpty() ? "no candidates" : why) + ")";
    }
}

package dev.onellmapi.fanout;

import dev.onellmapi.usage.UsageSum;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.ApiError;
import dev.onellmapi.wire.Json;
import dev.onellmapi.wire.ChatCompletionJson;
import dev.onellmapi.chat.ProviderReply;
import dev.onellmapi.provider.UpstreamErrors;

import java.io.UncheckedIOException;
import java.util.List;

/**
 * Merges the answers of a multi-model request into one {@code chat.completion}: {@code choices[i]} is the i-th
 * model's first choice with {@code index = i} and its {@code model}; a failed model's choice has
 * {@code finish_reason: "error"} and the error; {@code usage} is the sum; top-level {@code model} is the request's
 * list. Fails as a whole only when every model failed.
 */
public final class MultiModelAnswer {
    private MultiModelAnswer() {
    }

    /** @param replies one per model, in request order */
    public static ObjectNode merge(String requestedModels, List<ProviderReply> replies) {
        ObjectNode merged = null;
        ArrayNode choices = Json.array();
        UsageSum usage = new UsageSum();
        ApiError firstError = null;
        for (ProviderReply reply : replies) {
            int index = reply.call().position();
            String model = reply.call().target().requested();
            ObjectNode answer = reply instanceof ProviderReply.Complete complete ? parsed(complete) : null;
            if (answer != null) {
                if (merged == null) {
                    merged = answer.deepCopy();
                }
                JsonNode first = answer.path("choices").path(0);
                ObjectNode choice = first.isObject() ? ((ObjectNode) first).deepCopy() : Json.object();
                choice.put("index", index);
                choice.put("model", model);
                choices.add(choice);
                usage.add(index, model, answer.get("usage"));
            } else {
                ApiError error = reply instanceof ProviderReply.Failed failed ? failed.error()
                        : UpstreamErrors.invalidAnswer(reply.call().getProvider());
                firstError = firstError == null ? error : firstError;
                ObjectNode choice = choices.addObject();
                choice.put("index", index);
                choice.put("model", model);
                ObjectNode message = choice.putObject("message");
                message.put("role", "assistant");
                message.putNull("content");
                choice.put("finish_reason", "error");
                choice.set("error", error.body());
            }
        }
        if (merged == null) {
            throw firstError;
        }
        merged.put("model", requestedModels);
        merged.set("choices", choices);
        merged.set("usage", usage.isEmpty() ? ChatCompletionJson.usage(0, 0, 0) : usage.total());
        return merged;
    }

    /** A pass-through answer is parsed here for the first time; one that cannot be is that model's failure only. */
    private static ObjectNode parsed(ProviderReply.Complete complete) {
        try {
            return complete.node();
        } catch (UncheckedIOException notAnObject) {
            return null;
        }
    }
}

package dev.onellmapi.frontdoor.route;

import com.fasterxml.jackson.databind.JsonNode;
import dev.onellmapi.wire.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A whole answer as the route's new body: with {@code output=json} the {@code chat.completion} as JSON text; with
 * {@code output=text} the answer's text, or for several models a {@code Map} from each model name as the route wrote
 * it (in that order) to its answer's text, null for a model that failed (its error is in the json output).
 */
public final class RouteAnswer {
    private RouteAnswer() {
    }

    public static Object of(byte[] completion, RouteChatOptions options) {
        if (options.output() == RouteChatOptions.Output.JSON) {
            return new String(completion, java.nio.charset.StandardCharsets.UTF_8);
        }
        JsonNode answer;
        try {
            answer = Json.parse(completion);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the gateway wrote it: never unreadable
        }
        if (!options.severalModels()) {
            return text(answer.path("choices").path(0));
        }
        String[] models = options.model().split(",");
        Map<String, String> texts = new LinkedHashMap<>();
        for (int i = 0; i < models.length; i++) {
            texts.put(models[i].trim(), null);
        }
        for (JsonNode choice : answer.path("choices")) {
            int index = choice.path("index").asInt(-1);
            if (index >= 0 && index < models.length && !"error".equals(choice.path("finish_reason").asText())) {
                texts.put(models[index].trim(), text(choice));
            }
        }
        return texts;
    }

    /** The message's text; an answer of tool calls only has none (empty: output=json carries the calls). */
    private static String text(JsonNode choice) {
        JsonNode content = choice.path("message").path("content");
        return content.isTextual() ? content.asText() : "";
    }
}

package dev.onellmapi.usage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.onellmapi.wire.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads OpenAI-shaped usage ({@code prompt_tokens}, {@code completion_tokens},
 * {@code prompt_tokens_details.cached_tokens}) from an answer or a chunk. Every provider's mapper already writes
 * that shape (Anthropic's cache reads as cached_tokens beside its cache writes in prompt_tokens; Gemini's
 * cachedContentTokenCount inside promptTokenCount).
 */
public final class UsageReader {
    private static final byte[] KEY = "\"usage\"".getBytes(StandardCharsets.UTF_8);

    private UsageReader() {
    }

    public static Usage of(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        if (usage.has("input_tokens") && !usage.has("prompt_tokens")) {
            if (usage.has("total_tokens") || usage.has("input_tokens_details")) {
                // the Responses API's names: input_tokens counts the cached ones, as prompt_tokens does
                return new Usage(usage.path("input_tokens").asLong(), usage.path("output_tokens").asLong(),
                        usage.path("input_tokens_details").path("cached_tokens").asLong(), false);
            }
            // Anthropic's own answer, passed through by the Messages door: cache writes and reads beside input_tokens
            long read = usage.path("cache_read_input_tokens").asLong();
            long written = usage.path("cache_creation_input_tokens").asLong();
            return new Usage(usage.path("input_tokens").asLong() + written + read, usage.path("output_tokens").asLong(),
                    read, written, false);
        }
        // cache_creation_input_tokens beside OpenAI's names: Claude's cache writes as the Anthropic mapper reports them
        return new Usage(usage.path("prompt_tokens").asLong(), usage.path("completion_tokens").asLong(),
                usage.path("prompt_tokens_details").path("cached_tokens").asLong(),
                usage.path("cache_creation_input_tokens").asLong(), false);
    }

    /**
     * The usage of a whole answer without parsing the answer: the last {@code "usage"} key (OpenAI writes it after
     * the choices; an escaped one inside a text is skipped) and only its value parsed. Null when there is none.
     */
    public static Usage ofAnswer(byte[] answer) {
        for (int at = lastIndexOf(answer, answer.length); at >= 0; at = lastIndexOf(answer, at)) {
            if (at > 0 && answer[at - 1] == '\\') {
                continue;
            }
            int i = at + KEY.length;
            while (i < answer.length && Character.isWhitespace(answer[i])) {
                i++;
            }
            if (i >= answer.length || answer[i] != ':') {
                continue;
            }
            try {
                return of(Json.MAPPER.readTree(answer, i + 1, answer.length - i - 1));
            } catch (IOException notAValue) {
                return null;
            }
        }
        return null;
    }

    private static int lastIndexOf(byte[] bytes, int before) {
        outer:
        for (int i = Math.min(before - 1, bytes.length - KEY.length); i >= 0; i--) {
            for (int j = 0; j < KEY.length; j++) {
                if (bytes[i + j] != KEY[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

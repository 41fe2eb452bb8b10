package dev.onellmapi.usage;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

/**
 * Token counts where no provider gives them: the prompt of a request (for the tpm reservation), and what a stream
 * cut short had relayed. jtokkit's cl100k_base for every model: an estimate, marked as one (o200k_base, GPT-4o's own,
 * holds 29 MiB of heap and counts at half the speed; cl100k 13 MiB, and within a few percent on English text).
 */
public final class TokenEstimator {
    private static final Encoding ENCODING = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
    /** OpenAI's per-message framing (role and separators) and the reply's priming. */
    private static final int PER_MESSAGE = 3;
    private static final int PER_REPLY = 3;

    private TokenEstimator() {
    }

    public static int count(String text) {
        return text == null || text.isEmpty() ? 0 : ENCODING.countTokensOrdinary(text);
    }

    /** The prompt's tokens: every message's text (text parts of content arrays, tool call arguments) and framing. */
    public static int prompt(JsonNode body) {
        int tokens = PER_REPLY;
        for (JsonNode message : body.path("messages")) {
            tokens += PER_MESSAGE + text(message.get("content"));
            for (JsonNode call : message.path("tool_calls")) {
                tokens += count(call.path("function").path("name").asText(""))
                        + count(call.path("function").path("arguments").asText(""));
            }
        }
        JsonNode tools = body.get("tools");
        if (tools != null && tools.isArray()) {
            tokens += count(tools.toString());
        }
        return tokens;
    }

    private static int text(JsonNode content) {
        if (content == null || content.isNull()) {
            return 0;
        }
        if (content.isTextual()) {
            return count(content.asText());
        }
        int tokens = 0;
        for (JsonNode part : content) {
            tokens += count(part.path("text").asText(""));
        }
        return tokens;
    }
}

package dev.onellmapi.usage;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

/**
 * Token counts where no provider gives them: the prompt of a request (for the tpm and budget reservations), and what a stream
 * cut short had relayed. jtokkit's cl100k_base for every model: an estimate, marked as one (o200k_base, GPT-4o's own,
 * holds 29 MiB of heap and counts at half the speed; cl100k 13 MiB, and within a few percent on English text).
 */
public final class TokenEstimator {
    private static final Encoding ENCODING = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
    /** OpenAI's per-message framing (role and separators) and the reply's priming. */
    private static final int PER_MESSAGE = 3;
    private static final int PER_REPLY = 3;
    /** An image (or audio, or file) part: OpenAI's count for a high-detail 1024×1024 image. */
    static final int NON_TEXT_PART = 765;
    /** What a request defines beside its messages and a provider bills as prompt. */
    private static final String[] DEFINITIONS = {"tools", "functions", "response_format"};

    private TokenEstimator() {
    }

    public static int count(String text) {
        return text == null || text.isEmpty() ? 0 : ENCODING.countTokensOrdinary(text);
    }

    /**
     * The prompt's tokens, counting everything a provider bills as input: every message (its text, its content parts,
     * its tool calls and legacy function call; a part that is no text, an image or audio, at {@link #NON_TEXT_PART}),
     * the framing, and the definitions sent beside the messages ({@code tools}, the legacy {@code functions}, the
     * {@code response_format} schema) as their JSON text.
     */
    public static int prompt(JsonNode body) {
        int tokens = PER_REPLY;
        for (JsonNode message : body.path("messages")) {
            tokens += PER_MESSAGE + content(message.get("content")) + count(message.path("name").asText(""));
            for (JsonNode call : message.path("tool_calls")) {
                tokens += call(call.path("function"));
            }
            tokens += call(message.path("function_call"));
        }
        for (String definitions : DEFINITIONS) {
            JsonNode node = body.get(definitions);
            if (node != null && (node.isArray() || node.isObject())) {
                tokens += count(node.toString());
            }
        }
        return tokens;
    }

    private static int call(JsonNode function) {
        return count(function.path("name").asText("")) + count(function.path("arguments").asText(""));
    }

    private static int content(JsonNode content) {
        if (content == null || content.isNull()) {
            return 0;
        }
        if (content.isTextual()) {
            return count(content.asText());
        }
        int tokens = 0;
        for (JsonNode part : content) {
            JsonNode text = part.get("text");
            tokens += text != null && text.isTextual() ? count(text.asText())
                    : part.hasNonNull("refusal") ? count(part.get("refusal").asText()) : NON_TEXT_PART;
        }
        return tokens;
    }
}

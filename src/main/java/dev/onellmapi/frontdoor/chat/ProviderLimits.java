package dev.onellmapi.frontdoor.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.model.Provider;

import static dev.onellmapi.frontdoor.chat.InvalidRequest.unsupported;

/**
 * What a translated provider cannot do, refused with a 400 naming the parameter before anything is sent: answering
 * without it would be answering another question than the client asked.
 */
final class ProviderLimits {
    /** Google's candidateCount allows 1 to 8. */
    private static final int GOOGLE_MAX_CANDIDATES = 8;

    private ProviderLimits() {
    }

    static void check(ObjectNode body, boolean stream, Provider provider) {
        switch (provider) {
            case ANTHROPIC -> {
                if (choices(body) > 1) {
                    throw unsupported("n", "Anthropic models return one choice: n > 1 is not supported.");
                }
                noLogprobs(body, "Anthropic");
                // Anthropic has no penalties; 0 (what some clients always send) means none
                noPenalty(body, "presence_penalty");
                noPenalty(body, "frequency_penalty");
            }
            case GEMINI -> {
                googleChoices(body);
                if (stream && choices(body) > 1) {
                    throw unsupported("n", "Gemini streams one candidate: n > 1 is supported without stream only.");
                }
                noLogprobs(body, "Gemini");
            }
            case PALM -> {
                googleChoices(body);
                noLogprobs(body, "PaLM");
                if (body.path("tools").size() > 0) {
                    throw unsupported("tools", "PaLM models do not support tools.");
                }
                String format = body.path("response_format").path("type").asText("text");
                if (!format.equals("text")) {
                    throw unsupported("response_format", "PaLM models cannot be held to a JSON answer ('"
                            + format + "').");
                }
                String effort = body.path("reasoning_effort").asText("none");
                if (!effort.equals("none")) {
                    throw unsupported("reasoning_effort", "PaLM models do not reason: reasoning_effort is not "
                            + "supported.");
                }
                noImages(body);
            }
            default -> {
                // OpenAI and Azure check their own requests
            }
        }
    }

    private static int choices(ObjectNode body) {
        return body.path("n").asInt(1);
    }

    private static void googleChoices(ObjectNode body) {
        if (choices(body) > GOOGLE_MAX_CANDIDATES) {
            throw unsupported("n", "Google models return at most " + GOOGLE_MAX_CANDIDATES + " choices (n).");
        }
    }

    private static void noLogprobs(ObjectNode body, String provider) {
        if (body.path("logprobs").asBoolean(false)) {
            throw unsupported("logprobs", provider + " models do not return log probabilities through this "
                    + "gateway: logprobs is not supported.");
        }
    }

    private static void noPenalty(ObjectNode body, String field) {
        JsonNode penalty = body.get(field);
        if (penalty != null && penalty.isNumber() && penalty.decimalValue().signum() != 0) {
            throw unsupported(field, "Anthropic models have no " + field + ".");
        }
    }

    /** PaLM reads text only: an image would be dropped, and the model answer as if it had not been sent. */
    private static void noImages(ObjectNode body) {
        JsonNode messages = body.path("messages");
        for (int i = 0; i < messages.size(); i++) {
            JsonNode content = messages.get(i).path("content");
            for (int j = 0; j < content.size(); j++) {
                if (!"text".equals(content.get(j).path("type").asText())) {
                    throw unsupported("messages[" + i + "].content[" + j + "]", "PaLM models take text only.");
                }
            }
        }
    }
}

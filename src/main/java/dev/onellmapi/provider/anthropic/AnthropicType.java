package dev.onellmapi.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.provider.ApiKeyType;
import dev.onellmapi.provider.RequestLimits;
import dev.onellmapi.settings.GatewayConfig;
import dev.onellmapi.settings.Settings;

import java.util.List;
import java.util.Map;

import static dev.onellmapi.provider.RequestLimits.unsupported;

/**
 * Anthropic's Messages API (Claude): the OpenAI request is rewritten for it; the Messages door passes its clients'
 * bytes through. The built-in one: ANTHROPIC_API_KEY, ANTHROPIC_API_BASE, ANTHROPIC_DEFAULT_MAX_TOKENS and
 * ANTHROPIC_MODELS (its model list when Anthropic's cannot be read).
 */
public final class AnthropicType extends ApiKeyType {
    /** The version of the Messages API the mappers speak, sent with every call. */
    static final String API_VERSION = "2023-06-01";

    public AnthropicType() {
        super("anthropic", "ANTHROPIC", List.of("claude-*"));
    }

    @Override
    public Map<String, String> auth(String key) {
        return key.isEmpty() ? Map.of("anthropic-version", API_VERSION)
                : Map.of("x-api-key", key, "anthropic-version", API_VERSION);
    }

    @Override
    public Beans beans(Settings settings, GatewayConfig config) {
        return new Beans(new AnthropicRequestMapper(settings.integer("anthropic.default-max-tokens",
                "ANTHROPIC_DEFAULT_MAX_TOKENS", 1, 1_000_000)), new AnthropicResponseMapper(),
                new AnthropicModels(settings.text("anthropic.models", "ANTHROPIC_MODELS")));
    }

    @Override
    public boolean messagesApi() {
        return true;
    }

    @Override
    public boolean translated() {
        return true;
    }

    @Override
    public void checkRequest(ObjectNode body, boolean stream) {
        if (RequestLimits.choices(body) > 1) {
            throw unsupported("n", "Anthropic models return one choice: n > 1 is not supported.");
        }
        RequestLimits.noLogprobs(body, "Anthropic");
        // Anthropic has no penalties; 0 (what some clients always send) means none
        noPenalty(body, "presence_penalty");
        noPenalty(body, "frequency_penalty");
    }

    private static void noPenalty(ObjectNode body, String field) {
        JsonNode penalty = body.get(field);
        if (penalty != null && penalty.isNumber() && penalty.decimalValue().signum() != 0) {
            throw unsupported(field, "Anthropic models have no " + field + ".");
        }
    }
}

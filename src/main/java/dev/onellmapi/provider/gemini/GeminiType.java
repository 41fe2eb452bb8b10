package dev.onellmapi.provider.gemini;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.provider.RequestLimits;
import dev.onellmapi.settings.GatewayConfig;
import dev.onellmapi.settings.Settings;

import java.util.List;

/**
 * Google Gemini (v1beta generateContent): the OpenAI request is translated; the answer, its SSE stream and Google's
 * errors come back in OpenAI's shape. The built-in one: GEMINI_API_KEY, GEMINI_API_BASE.
 */
public final class GeminiType extends GoogleApiType {
    public GeminiType() {
        super("gemini", "GEMINI", List.of("gemini-*"));
    }

    @Override
    public Beans beans(Settings settings, GatewayConfig config) {
        return new Beans(new GeminiRequestMapper(), new GeminiResponseMapper(), new GeminiModels());
    }

    /** Gemini's {@code topK}. */
    @Override
    public boolean samplesTopK() {
        return true;
    }

    @Override
    protected void checkOwn(ObjectNode body, boolean stream) {
        if (stream && RequestLimits.choices(body) > 1) {
            throw RequestLimits.unsupported("n", "Gemini streams one candidate: n > 1 is supported without stream "
                    + "only.");
        }
        RequestLimits.noLogprobs(body, "Gemini");
    }
}

package dev.onellmapi.provider.palm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.provider.RequestLimits;
import dev.onellmapi.provider.gemini.GoogleApiType;
import dev.onellmapi.settings.GatewayConfig;
import dev.onellmapi.settings.Settings;

import java.util.List;

import static dev.onellmapi.provider.RequestLimits.unsupported;

/**
 * Google PaLM (v1beta2, legacy): generateMessage (chat-bison) or generateText (text-bison). It cannot stream, tool,
 * hold to JSON, reason or see images: such requests are refused. Its model list is fixed (see {@link PalmModels}).
 * The built-in one: PALM_API_KEY, PALM_API_BASE.
 */
public final class PalmType extends GoogleApiType {
    public PalmType() {
        super("palm", "PALM", List.of("*bison*"));
    }

    @Override
    public Beans beans(Settings settings, GatewayConfig config) {
        return new Beans(new PalmRequestMapper(), new PalmResponseMapper(), new PalmModels());
    }

    @Override
    public String modelsTemplate() {
        return "provider-fixed-models";
    }

    @Override
    protected void checkOwn(ObjectNode body, boolean stream) {
        RequestLimits.noLogprobs(body, "PaLM");
        if (body.path("tools").size() > 0) {
            throw unsupported("tools", "PaLM models do not support tools.");
        }
        String format = body.path("response_format").path("type").asText("text");
        if (!format.equals("text")) {
            throw unsupported("response_format", "PaLM models cannot be held to a JSON answer ('" + format + "').");
        }
        String effort = body.path("reasoning_effort").asText("none");
        if (!effort.equals("none")) {
            throw unsupported("reasoning_effort", "PaLM models do not reason: reasoning_effort is not supported.");
        }
        noImages(body);
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

package dev.onellmapi.provider.openai;

import dev.onellmapi.provider.ApiKeyType;
import dev.onellmapi.settings.GatewayConfig;
import dev.onellmapi.settings.Settings;

import java.util.List;
import java.util.Map;

/**
 * OpenAI's API, and any OpenAI-compatible server (a configured provider of type {@code openai}, which may take no
 * key): the request goes on as the client sent it. The built-in one: OPENAI_API_KEY (several keys, comma-separated,
 * used in turn), OPENAI_API_BASE.
 */
public final class OpenAiType extends ApiKeyType {
    public OpenAiType() {
        super("openai", "OPENAI", List.of("gpt-*", "o1*", "o3*", "o4*", "chatgpt-*"));
    }

    @Override
    public Map<String, String> auth(String key) {
        return key.isEmpty() ? Map.of() : Map.of("Authorization", "Bearer " + key);
    }

    @Override
    public boolean readsFiles() {
        return true;
    }

    @Override
    public Beans beans(Settings settings, GatewayConfig config) {
        return new Beans(new OpenAiRequestMapper(), new OpenAiResponseMapper(), new OpenAiModels());
    }

    @Override
    public boolean keyOptional() {
        return true;
    }

    @Override
    public boolean responsesApi() {
        return true;
    }
}

package dev.onellmapi.provider.openai;

import dev.onellmapi.model.ProviderType;
import dev.onellmapi.settings.GatewayConfig;
import dev.onellmapi.settings.Settings;

import java.util.List;
import java.util.Map;

/**
 * OpenAI's API, and any OpenAI-compatible server (a configured provider of type {@code openai}, which may take no
 * key): the request goes on as the client sent it. The built-in one: OPENAI_API_KEY (several keys, comma-separated,
 * used in turn), OPENAI_API_BASE.
 */
public final class OpenAiType implements ProviderType {
    @Override
    public String id() {
        return "openai";
    }

    @Override
    public List<String> namePatterns() {
        return List.of("gpt-*", "o1*", "o3*", "o4*", "chatgpt-*");
    }

    @Override
    public Map<String, String> auth(String key) {
        return key.isEmpty() ? Map.of() : Map.of("Authorization", "Bearer " + key);
    }

    @Override
    public BuiltIn builtIn(Settings settings) {
        String keys = settings.text("openai.api-key", "OPENAI_API_KEY");
        return new BuiltIn(settings.baseUrl("openai.api-base", "OPENAI_API_BASE"), keys, !keys.isEmpty());
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

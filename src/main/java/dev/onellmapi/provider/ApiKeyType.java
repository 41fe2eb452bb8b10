package dev.onellmapi.provider;

import dev.onellmapi.model.ProviderType;
import dev.onellmapi.settings.Settings;

import java.util.List;

/**
 * A provider type whose built-in provider is one base URL and its key(s): {@code <id>.api-base} and
 * {@code <id>.api-key}, from the environment variables {@code <PREFIX>_API_BASE} and {@code <PREFIX>_API_KEY} (several
 * keys comma-separated, used in turn); it serves when a key is set.
 */
public abstract class ApiKeyType implements ProviderType {
    private final String id;
    private final String variablePrefix;
    private final List<String> namePatterns;

    protected ApiKeyType(String id, String variablePrefix, List<String> namePatterns) {
        this.id = id;
        this.variablePrefix = variablePrefix;
        this.namePatterns = List.copyOf(namePatterns);
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final List<String> namePatterns() {
        return namePatterns;
    }

    @Override
    public final BuiltIn builtIn(Settings settings) {
        String keys = settings.text(id + ".api-key", variablePrefix + "_API_KEY");
        return new BuiltIn(settings.baseUrl(id + ".api-base", variablePrefix + "_API_BASE"), keys, !keys.isEmpty());
    }
}

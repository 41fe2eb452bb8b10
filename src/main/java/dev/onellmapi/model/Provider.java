package dev.onellmapi.model;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The providers the gateway knows, each with its explicit prefix ({@code openai/gpt-4o}) and the name pattern that
 * routes a bare model name to it (rule 3 of the design's model resolution). Its id names its route file,
 * routes/&lt;id&gt;.yaml, whose {@code direct:<id>} route calls it.
 */
public enum Provider {
    OPENAI("openai", "(gpt-|o1|o3|o4|chatgpt-).*"),
    AZURE("azure", null),
    ANTHROPIC("anthropic", "claude-.*"),
    GEMINI("gemini", "gemini-.*"),
    PALM("palm", ".*bison.*");

    private final String id;
    private final Pattern namePattern;

    Provider(String id, String namePattern) {
        this.id = id;
        this.namePattern = namePattern == null ? null : Pattern.compile(namePattern);
    }

    public String id() {
        return id;
    }

    boolean matchesName(String model) {
        return namePattern != null && namePattern.matcher(model.toLowerCase(Locale.ROOT)).matches();
    }

    static Provider byPrefix(String prefix) {
        for (Provider p : values()) {
            if (p.id.equals(prefix)) {
                return p;
            }
        }
        return null;
    }
}

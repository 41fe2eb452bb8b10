package dev.onellmapi.model;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One provider the gateway calls: a name ({@code groq}, or a built-in's {@code openai}), a type (which route and
 * mappers speak to it), a base URL, its keys (used in turn, see {@link ProviderKeys}), the name patterns it serves,
 * and what differs between servers of one type: extra headers, parameters dropped before sending, a default
 * {@code max_tokens}. Built once at start; on the request path only read.
 *
 * @param builtIn one of the five made from the environment variables of the design (their patterns come last)
 * @param responses its API has OpenAI's Responses ({@code <base>/responses}): the Responses door passes requests
 *                  through to it (the built-in OpenAI; a configured one with {@code responses = true}; a built-in
 *                  one whose settings say its placements have it)
 * @param placements where a built-in provider of a type with several serves its models (Azure's resources), each
 *                   with its own base and key; {@link Placements#NONE} for the others
 */
public record ProviderInstance(String name, ProviderType type, String base, ProviderKeys keys, List<String> patterns,
                               Map<String, String> extraHeaders, Set<String> dropParams, int defaultMaxTokens,
                               boolean builtIn, boolean responses, Placements placements) {
    public ProviderInstance {
        patterns = List.copyOf(patterns);
        extraHeaders = Map.copyOf(extraHeaders);
        dropParams = Set.copyOf(dropParams);
    }

    /** Whether one of this provider's patterns matches the model name (case-insensitive; {@code *}: any text). */
    public boolean serves(String model) {
        String lower = model.toLowerCase(Locale.ROOT);
        for (String pattern : patterns) {
            if (matches(pattern.toLowerCase(Locale.ROOT), lower)) {
                return true;
            }
        }
        return false;
    }

    /** A glob with {@code *} only, matched without a regex (no compiled state, no allocation). */
    static boolean matches(String glob, String text) {
        int g = 0;
        int t = 0;
        int star = -1;
        int mark = 0;
        while (t < text.length()) {
            if (g < glob.length() && glob.charAt(g) != '*' && glob.charAt(g) == text.charAt(t)) {
                g++;
                t++;
            } else if (g < glob.length() && glob.charAt(g) == '*') {
                star = g++;
                mark = t;
            } else if (star >= 0) {
                g = star + 1;
                t = ++mark;
            } else {
                return false;
            }
        }
        while (g < glob.length() && glob.charAt(g) == '*') {
            g++;
        }
        return g == glob.length();
    }

    /** The headers of a call with the key at {@code position} (0-based): the type's auth header and the extras. */
    public Map<String, String> headers(int position) {
        return keys.headers(position);
    }

    /** A name pattern without {@code *}: a model this provider lists as its own. */
    public static boolean isExactName(String pattern) {
        return pattern.indexOf('*') < 0;
    }

    @Override
    public String toString() {
        return "ProviderInstance[" + name + ", " + type.id() + ", " + base + ", " + keys.size() + " key(s)]";
    }
}

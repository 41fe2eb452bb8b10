package dev.onellmapi.observe;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Label values from a bounded set: a model name a prefix routes to its provider is the client's choice, an error
 * code is the provider's, and every new label value is a new series kept for the life of the process (2,000 names
 * made a scrape 77 MB). The first {@code max} distinct values are kept, each cut to {@value #MAX_CHARS} characters;
 * later new values are {@value #OTHER}.
 */
final class LabelValues {
    static final int MAX_CHARS = 100;
    static final String OTHER = "other";

    private final int max;
    private final Set<String> kept = ConcurrentHashMap.newKeySet();

    LabelValues(int max) {
        this.max = max;
    }

    String of(String value) {
        if (value == null) {
            return "";
        }
        String label = value.length() <= MAX_CHARS ? value : value.substring(0, MAX_CHARS);
        if (kept.contains(label)) {
            return label;
        }
        synchronized (kept) { // the cap holds under concurrent new names
            if (kept.size() < max) {
                kept.add(label);
                return label;
            }
        }
        return OTHER;
    }
}

package dev.onellmapi.observe;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Model names as metric labels, from a bounded set: a name a prefix routes to its provider is the client's choice,
 * and every new label value is a new series kept for the life of the process (2,000 names made a scrape 77 MB).
 * The first {@code max} distinct names are kept, each cut to {@value #MAX_CHARS} characters; later new names are
 * {@value #OTHER}.
 */
final class ModelLabels {
    static final int MAX_CHARS = 100;
    static final String OTHER = "other";

    private final int max;
    private final Set<String> kept = ConcurrentHashMap.newKeySet();

    ModelLabels(int max) {
        this.max = max;
    }

    String of(String model) {
        if (model == null) {
            return "";
        }
        String label = model.length() <= MAX_CHARS ? model : model.substring(0, MAX_CHARS);
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

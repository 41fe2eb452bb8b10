package dev.onellmapi.wire;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Takes the gateway's own secrets (its keys and the provider keys) out of any text it passes on: a provider, or a
 * proxy in front of one, that echoes the credential it got would otherwise put a provider key in the client's
 * answer. Every error message the client sees goes through here ({@link ApiError#body()}).
 * <p>
 * Process-wide: error texts are built in static code far from the configuration, and a secret of any gateway in
 * this JVM is one to hide. Secrets shorter than {@value #MIN_LENGTH} characters are left alone (they would
 * match ordinary words).
 */
public final class SecretRedactor {
    static final int MIN_LENGTH = 8;
    private static final String MASK = "[redacted]";
    private static volatile String[] secrets = new String[0];

    private SecretRedactor() {
    }

    public static synchronized void register(Collection<String> more) {
        Set<String> all = new LinkedHashSet<>(Set.of(secrets));
        for (String secret : more) {
            if (secret != null && secret.length() >= MIN_LENGTH) {
                all.add(secret);
            }
        }
        // longest first, so a key that contains another is masked whole
        secrets = all.stream().sorted(Comparator.comparingInt(String::length).reversed()).toArray(String[]::new);
    }

    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : secrets) {
            if (out.contains(secret)) {
                out = out.replace(secret, MASK);
            }
        }
        return out;
    }
}

package dev.onellmapi.keys;

/** Model-name patterns of keys and prices: {@code *} is any run of characters, everything else is literal. */
public final class Glob {
    private Glob() {
    }

    public static boolean matches(String pattern, String text) {
        if (pattern.indexOf('*') < 0) {
            return pattern.equals(text);
        }
        return matches(pattern, 0, text, 0);
    }

    private static boolean matches(String p, int pi, String t, int ti) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            if (c == '*') {
                while (pi < p.length() && p.charAt(pi) == '*') {
                    pi++;
                }
                if (pi == p.length()) {
                    return true;
                }
                for (int i = ti; i <= t.length(); i++) {
                    if (matches(p, pi, t, i)) {
                        return true;
                    }
                }
                return false;
            }
            if (ti >= t.length() || t.charAt(ti) != c) {
                return false;
            }
            pi++;
            ti++;
        }
        return ti == t.length();
    }
}

package dev.onellmapi.settings;

import org.apache.camel.spi.PropertiesComponent;

import java.net.URI;

/**
 * Reads one property of application.properties and validates it, naming the environment variable behind it in
 * every message so an operator knows what to fix.
 */
public final class Settings {
    private final PropertiesComponent properties;

    public Settings(PropertiesComponent properties) {
        this.properties = properties;
    }

    public String text(String property, String variable) {
        return properties.resolveProperty(property).map(String::trim).orElse("");
    }

    public int integer(String property, String variable, int min, int max) {
        String raw = text(property, variable);
        try {
            int value = Integer.parseInt(raw);
            if (value < min || value > max) {
                throw new ConfigurationError(variable, "'" + raw + "' is outside " + min + ".." + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ConfigurationError(variable, "'" + raw + "' is not a whole number");
        }
    }

    /** A whole number, or {@code auto} (or nothing) for {@code auto}'s value. */
    public int integerOrAuto(String property, String variable, int min, int max, int auto) {
        String raw = text(property, variable);
        return raw.isEmpty() || raw.equalsIgnoreCase("auto") ? auto : integer(property, variable, min, max);
    }

    /** A host name or IP address to listen on. */
    public String host(String property, String variable) {
        String raw = text(property, variable);
        if (raw.isEmpty() || !raw.matches("[A-Za-z0-9.:\\[\\]%-]+")) {
            throw new ConfigurationError(variable, "'" + raw + "' is not a host name or IP address");
        }
        return raw;
    }

    /** A base URL without its trailing slash; must be http(s). */
    public String baseUrl(String property, String variable) {
        String raw = text(property, variable);
        String probe = raw.replace("{resource}", "resource");
        try {
            URI uri = URI.create(probe);
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new ConfigurationError(variable, "'" + raw + "' is not an http(s) URL");
            }
        } catch (IllegalArgumentException e) {
            if (e instanceof ConfigurationError c) {
                throw c;
            }
            throw new ConfigurationError(variable, "'" + raw + "' is not a URL");
        }
        return raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw;
    }
}

package dev.onellmapi.settings;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The gateway's settings and their defaults ({@code one-llm-api/gateway.properties} in the jar), put under the
 * application's own: the application's properties (its application.properties, {@code -D...}) win, so a host sets
 * only what it wants changed and its own application.properties stays its own.
 */
public final class GatewayDefaults {
    static final String RESOURCE = "one-llm-api/gateway.properties";

    private GatewayDefaults() {
    }

    public static void apply(CamelContext camel) {
        apply(camel, read());
    }

    /** {@code defaults} (a provider type's, say) under the application's own properties. */
    public static void apply(CamelContext camel, Properties defaults) {
        PropertiesComponent properties = camel.getPropertiesComponent();
        for (String key : defaults.stringPropertyNames()) {
            if (properties.resolveProperty(key).isEmpty()) {
                properties.addInitialProperty(key, defaults.getProperty(key));
            }
        }
    }

    /** The settings and their defaults, as the jar has them (placeholders unresolved). */
    public static Properties read() {
        return read(GatewayDefaults.class.getClassLoader().getResourceAsStream(RESOURCE), RESOURCE);
    }

    /** The settings and defaults in {@code name}, a resource beside {@code owner}'s class (its package's folder). */
    public static Properties read(Class<?> owner, String name) {
        return read(owner.getResourceAsStream(name), owner.getPackageName().replace('.', '/') + "/" + name);
    }

    private static Properties read(InputStream resource, String name) {
        Properties defaults = new Properties();
        try (InputStream in = resource) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the gateway's jar");
            }
            defaults.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return defaults;
    }
}

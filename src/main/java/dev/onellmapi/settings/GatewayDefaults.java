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
        Properties defaults = new Properties();
        try (InputStream in = GatewayDefaults.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the gateway's jar");
            }
            defaults.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PropertiesComponent properties = camel.getPropertiesComponent();
        for (String key : defaults.stringPropertyNames()) {
            if (properties.resolveProperty(key).isEmpty()) {
                properties.addInitialProperty(key, defaults.getProperty(key));
            }
        }
    }
}

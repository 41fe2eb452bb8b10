package dev.onellmapi;

import dev.onellmapi.settings.GatewayDefaults;
import org.apache.camel.main.Main;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Builds the Camel application exactly as {@code java -jar} runs it; the tests start it through here too.
 * application.properties and routes/ are read from the working directory when present (operators edit them there),
 * otherwise from the copies packaged in the jar.
 */
public final class Gateway {
    private Gateway() {
    }

    /**
     * @param overrides properties that win over application.properties (the tests use them instead of environment
     *                  variables)
     */
    public static Main create(Map<String, String> overrides) {
        Main main = new Main();
        // the gateway's defaults under application.properties from the start, so that Camel's own settings bound
        // before the gateway's beans may refer to them (camel.management.host to gateway.host)
        GatewayDefaults.read().forEach((key, value) -> main.addInitialProperty((String) key, (String) value));
        main.setDefaultPropertyPlaceholderLocation(Files.isRegularFile(Path.of("application.properties"))
                ? "file:application.properties" : "classpath:application.properties");
        String routesDir = overrides.getOrDefault("gateway.routes-dir", envOr("ROUTES_DIR", "routes"));
        if (!Files.isDirectory(Path.of(routesDir))) {
            main.addOverrideProperty("camel.main.routes-include-pattern", "classpath:one-llm-api/routes/*.yaml");
            main.addOverrideProperty("camel.main.routes-reload-enabled", "false");
        }
        overrides.forEach(main::addOverrideProperty);
        return main;
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}

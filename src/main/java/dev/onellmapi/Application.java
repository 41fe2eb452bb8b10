package dev.onellmapi;

import java.util.Map;

/** {@code java -jar target/one-llm-api.jar}: runs the gateway until it is stopped (SIGTERM / Ctrl-C). */
public final class Application {
    private Application() {
    }

    public static void main(String[] args) throws Exception {
        if (Runtime.version().feature() >= 21 && System.getProperty("camel.threads.virtual.enabled") == null) {
            // Camel's own pools (the multi-model fan-out) then use virtual threads; JDK 17 keeps platform threads
            System.setProperty("camel.threads.virtual.enabled", "true");
        }
        System.exit(Gateway.create(Map.of()).run(args));
    }
}

package dev.onellmapi;

import java.util.Map;

/**
 * {@code java -XX:SharedArchiveFile=target/one-llm-api.jsa -jar target/one-llm-api.jar} (or plain {@code java -jar},
 * slower to start): runs the gateway until it is stopped (SIGTERM / Ctrl-C).
 */
public final class Application {
    private Application() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("--cds-training")) {
            System.exit(CdsTraining.run()); // run by the build to write target/one-llm-api.jsa (see pom.xml)
        }
        if (Runtime.version().feature() >= 21 && System.getProperty("camel.threads.virtual.enabled") == null) {
            // Camel's own pools (the multi-model fan-out) then use virtual threads; JDK 17 keeps platform threads
            System.setProperty("camel.threads.virtual.enabled", "true");
        }
        System.exit(Gateway.create(Map.of()).run(args));
    }
}

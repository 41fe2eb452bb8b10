package dev.onellmapi.testing;

import org.apache.camel.main.Main;

import java.io.IOException;
import java.time.Duration;

/**
 * Runs an application the way its host would (its run method on a thread of its own) and waits until the gateway it
 * carries answers {@code /health}: for the tests that start the gateway as {@code camel run}, a camel-main host or a
 * Spring Boot host does. It starts no gateway itself: the host's own start does; a test of the gateway's own start
 * uses {@link RunningGateway}.
 */
public final class HostedGateway {
    /** The application's blocking run. */
    @FunctionalInterface
    public interface Run {
        void run() throws Exception;
    }

    private HostedGateway() {
    }

    /**
     * A camel-main host set up as the README's "Embedded in a camel-main application" says: the gateway's
     * configuration class, its routes (and the host's, {@code hostRoutes}, when given), the host's platform-http server
     * on {@code port}, an in-memory database, the OpenAI provider at {@code openAiBase}.
     */
    public static Main camelMainHost(String name, int port, String openAiBase, String hostRoutes) {
        Main host = new Main();
        host.addInitialProperty("camel.main.name", name);
        host.addInitialProperty("camel.main.configuration-classes", "dev.onellmapi.config.GatewayBeans");
        host.addInitialProperty("camel.main.routes-include-pattern", "classpath:one-llm-api/routes/*.yaml"
                + (hostRoutes == null ? "" : "," + hostRoutes));
        host.addInitialProperty("camel.server.enabled", "true");
        host.addInitialProperty("camel.server.port", String.valueOf(port));
        host.addInitialProperty("gateway.api-keys", RunningGateway.KEY);
        host.addInitialProperty("gateway.database-url", "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
        host.addInitialProperty("openai.api-key", "sk-up");
        host.addInitialProperty("openai.api-base", openAiBase);
        return host;
    }

    /** Starts {@code run} on a daemon thread named {@code name}; returns once {@code baseUrl}'s /health is a 200. */
    public static Thread start(String name, Run run, String baseUrl, Duration patience) throws Exception {
        Thread thread = new Thread(() -> {
            try {
                run.run();
            } catch (Exception e) {
                e.printStackTrace();
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        awaitHealth(name, thread, baseUrl, patience);
        return thread;
    }

    /** Waits for {@code baseUrl}'s /health; fails at once if {@code running} ends first. */
    public static void awaitHealth(String name, Thread running, String baseUrl, Duration patience) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            if (!running.isAlive()) {
                throw new AssertionError(name + " stopped during its start");
            }
            try {
                if (SseClient.get(baseUrl + "/health", null).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError(name + " did not serve the gateway's /health within " + patience.toSeconds() + " s");
    }
}

package dev.onellmapi.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The gateway as users run it: {@code java dev.onellmapi.Application} in a JVM of its own, configured by environment
 * variables, from the project directory (its application.properties and routes/) or a directory of the test's. For
 * what only a real process shows: signals, exit codes, files edited under it. Its console goes to a file, printed by
 * {@link #output()} for failure messages. Slower to start than {@link RunningGateway} (in-process, the choice for
 * everything else).
 */
public final class GatewayProcess implements AutoCloseable {
    /** Provider settings that must not leak in from the machine running the tests. */
    private static final List<String> BLANKED = List.of("OPENAI_API_KEY", "OPENAI_API_BASE", "AZURE_OPENAI_API_KEYS",
            "AZURE_OPENAI_DEPLOYMENTS", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "PALM_API_KEY", "ROUTES_DIR",
            "ROUTES_RELOAD", "REDIS_URL", "PRICING_FILE");

    private final Process process;
    private final Path log;
    private final int port;
    private final int managementPort;

    private GatewayProcess(List<String> jvmOptions, Map<String, String> env, Path directory) throws Exception {
        port = RunningGateway.freePort();
        managementPort = RunningGateway.freePort();
        log = Files.createTempFile("gateway-process", ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.onellmapi.Application"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        BLANKED.forEach(builder.environment()::remove);
        builder.environment().put("ONE_API_KEY", RunningGateway.KEY);
        // a database of its own (the default ./data/ file may be open in the test JVM), unless the test sets one
        builder.environment().put("DATABASE_URL", "jdbc:h2:file:" + Files.createTempDirectory("gateway-db")
                .resolve("one-llm-api"));
        builder.environment().putAll(env);
        builder.environment().put("PORT", String.valueOf(port));
        builder.environment().put("MANAGEMENT_PORT", String.valueOf(managementPort));
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        process = builder.start();
        awaitReady();
    }

    public static GatewayProcess start(Map<String, String> env) throws Exception {
        return start(List.of("-Xmx256m"), env);
    }

    /** With the JVM options {@code jvmOptions} instead of {@code -Xmx256m}. */
    public static GatewayProcess start(List<String> jvmOptions, Map<String, String> env) throws Exception {
        return new GatewayProcess(jvmOptions, env, Path.of("").toAbsolutePath());
    }

    /**
     * Started from {@code directory}, as an operator starts it from a directory of their own: its
     * application.properties (and routes/, when there is one) are that directory's.
     */
    public static GatewayProcess startIn(Path directory, Map<String, String> env) throws Exception {
        return new GatewayProcess(List.of("-Xmx256m"), env, directory);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public String chatUrl() {
        return baseUrl() + "/v1/chat/completions";
    }

    /** Camel's management server: /observe/health, /observe/metrics. */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    public Process process() {
        return process;
    }

    /** SIGTERM, as {@code kill}, Kubernetes and systemd send it. */
    public void terminate() {
        process.destroy();
    }

    /** Waits for the process to end; its exit code, or null if it still runs after {@code seconds}. */
    public Integer awaitExit(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : null;
    }

    /** What the process printed so far. */
    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    private void awaitReady() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the gateway process ended during start:\n" + output());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/__ready__"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 404 && r.body().contains("unknown_url")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        close();
        throw new IllegalStateException("the gateway process did not start within 60 s:\n" + output());
    }


    /** Kills the process if a test left it running, and removes its log. */
    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        Files.deleteIfExists(log);
    }
}

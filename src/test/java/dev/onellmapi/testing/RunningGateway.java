package dev.onellmapi.testing;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import dev.onellmapi.Gateway;
import org.apache.camel.main.Main;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The gateway started as {@code java -jar} starts it ({@link Gateway#create}, application.properties and routes/ from
 * the project directory), on a free port, with properties in place of environment variables. Every provider setting
 * is blanked unless the test sets it, so variables of the machine running the tests never leak in.
 * <p>Which helper to pick: a test class with one fake provider behind one gateway uses {@link GatewayWithFake} (which
 * starts this); a test that starts several gateways, or one per test, or none with a fake, uses this directly;
 * signals and exit codes need a process of their own ({@link GatewayProcess}); a host other than the gateway's own
 * main (camel run, a camel-main or Spring Boot application) is waited for with {@link HostedGateway}.
 */
public final class RunningGateway implements AutoCloseable {
    public static final String KEY = "test-gateway-key";

    private final Main main;
    private final Thread thread;
    private final int port;
    private final int managementPort;

    private RunningGateway(Map<String, String> settings) throws Exception {
        port = freePort();
        Map<String, String> all = new HashMap<>();
        all.put("gateway.api-keys", KEY);
        all.put("openai.api-key", "");
        all.put("azure.api-keys", "");
        all.put("azure.deployments", "");
        all.put("anthropic.api-key", "");
        all.put("gemini.api-key", "");
        all.put("palm.api-key", "");
        all.put("camel.main.routes-reload-enabled", "false");
        // each provider answer is seen once, as it is; the resilience tests set their retries themselves
        all.put("gateway.upstream-retries", "0");
        // each gateway its own in-memory database unless the test names one (a file under ./data/ would be shared)
        all.put("gateway.redis-url", "");
        all.put("gateway.pricing-file", "");
        all.put("gateway.database-url", "jdbc:h2:mem:gateway-" + port + ";DB_CLOSE_DELAY=-1");
        all.putAll(settings);
        all.put("gateway.port", String.valueOf(port));
        managementPort = freePort(); // Camel's management server, /observe/*: one per gateway
        all.put("camel.management.port", String.valueOf(managementPort));
        main = Gateway.create(all);
        thread = new Thread(() -> {
            try {
                main.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "gateway-under-test");
        thread.setDaemon(true);
        thread.start();
        awaitReady();
    }

    public static RunningGateway start(Map<String, String> settings) throws Exception {
        return new RunningGateway(settings);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Camel's management server: {@code /observe/health}, {@code /observe/metrics}. */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    /** The official OpenAI Java SDK pointed at this gateway, without retries so every error is seen as it is. */
    public OpenAIClient sdk() {
        return OpenAIOkHttpClient.builder().apiKey(KEY).baseUrl(baseUrl() + "/v1").maxRetries(0).build();
    }

    public Main main() {
        return main;
    }

    /** Waits until the routes answer and the error pages (installed after start) are in place. */
    private void awaitReady() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!thread.isAlive()) {
                throw new IllegalStateException("the gateway stopped during start");
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
            Thread.sleep(50);
        }
        throw new IllegalStateException("the gateway did not start within 30 s");
    }

    /** A port nothing listens on right now. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        main.completed();
        thread.join(20_000);
    }
}

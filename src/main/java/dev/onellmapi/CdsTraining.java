package dev.onellmapi;

import org.apache.camel.main.Main;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code java -XX:ArchiveClassesAtExit=target/one-llm-api.jsa -jar target/one-llm-api.jar --cds-training}, run by the
 * build ({@code mvn package}): starts the gateway on a free loopback port, sends it a few requests so the classes of
 * the request path load too, and stops. The JVM then writes the AppCDS archive that
 * {@code java -XX:SharedArchiveFile=target/one-llm-api.jsa -jar target/one-llm-api.jar} maps at start-up instead of
 * loading and verifying those classes from the jars again.
 * <p>
 * Nothing leaves the machine: every provider is disabled but OpenAI, whose base URL is the gateway itself with a key
 * the gateway does not accept, so a chat request goes through auth, parsing, the provider route and one upstream
 * call, and comes back as a 401.
 */
final class CdsTraining {
    private CdsTraining() {
    }

    static int run() throws Exception {
        int port = freePort();
        String base = "http://127.0.0.1:" + port;
        Map<String, String> settings = new HashMap<>();
        settings.put("gateway.host", "127.0.0.1");
        settings.put("camel.management.host", "127.0.0.1");
        settings.put("camel.management.port", String.valueOf(freePort()));
        settings.put("gateway.port", String.valueOf(port));
        settings.put("gateway.api-keys", "cds-training");
        settings.put("openai.api-key", "not-a-gateway-key");
        settings.put("openai.api-base", base + "/v1");
        settings.put("azure.api-keys", "");
        settings.put("azure.deployments", "");
        settings.put("anthropic.api-key", "");
        settings.put("gemini.api-key", "");
        settings.put("palm.api-key", "");
        settings.put("camel.main.routes-reload-enabled", "false");
        // an H2 file of its own (the same classes a real start loads), not ./data/, which a running gateway may hold
        settings.put("gateway.database-url", "jdbc:h2:file:" + java.nio.file.Files.createTempDirectory("cds-training")
                .resolve("one-llm-api"));
        settings.put("gateway.redis-url", "");
        Main main = Gateway.create(settings);
        Thread gateway = new Thread(() -> {
            try {
                main.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "cds-training");
        gateway.start();
        try {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (status(base + "/health", null) != 200) {
                if (!gateway.isAlive() || System.nanoTime() > deadline) {
                    System.err.println("one-llm-api: the CDS training start failed");
                    return 1;
                }
                Thread.sleep(20);
            }
            String chat = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]";
            for (int i = 0; i < 3; i++) {
                status(base + "/v1/chat/completions", chat + "}");
                status(base + "/v1/chat/completions", chat + ",\"stream\":true}");
            }
            return 0;
        } finally {
            main.completed();
            gateway.join(30_000);
        }
    }

    /** GET, or POST when there is a body; returns the status (0 when the connection failed). */
    private static int status(String url, String body) {
        try {
            HttpURLConnection http = (HttpURLConnection) new URL(url).openConnection();
            http.setRequestProperty("Authorization", "Bearer cds-training");
            if (body != null) {
                http.setRequestMethod("POST");
                http.setRequestProperty("Content-Type", "application/json");
                http.setDoOutput(true);
                try (OutputStream out = http.getOutputStream()) {
                    out.write(body.getBytes(StandardCharsets.UTF_8));
                }
            }
            int status = http.getResponseCode();
            try (InputStream in = status < 400 ? http.getInputStream() : http.getErrorStream()) {
                if (in != null) {
                    in.readAllBytes();
                }
            }
            return status;
        } catch (IOException e) {
            return 0;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}

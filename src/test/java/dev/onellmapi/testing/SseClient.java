package dev.onellmapi.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A raw HTTP client for the gateway: plain requests, and streams read line by line as they arrive. */
public final class SseClient {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String END = "\u0000end";

    private SseClient() {
    }

    public static HttpResponse<String> post(String url, String key, String body) throws Exception {
        return post(HTTP, url, key, body);
    }

    /**
     * The same on a connection of its own: the gateway hands each new connection to its next event loop, so two
     * requests sent this way one after the other are served by different loops.
     */
    public static HttpResponse<String> postOnNewConnection(String url, String key, String body) throws Exception {
        return post(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), url, key, body);
    }

    private static HttpResponse<String> post(HttpClient client, String url, String key, String body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public static HttpResponse<String> get(String url, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An open stream: its status and headers, and its {@code data:} payloads as they come. */
    public static final class Stream {
        public final HttpResponse<?> response;
        private final BlockingQueue<String> data = new LinkedBlockingQueue<>();

        Stream(HttpResponse<java.io.InputStream> response) {
            this.response = response;
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        if (line.startsWith("data: ")) {
                            data.add(line.substring(6));
                        } else if (!line.isEmpty()) {
                            data.add("#" + line); // anything but data (a comment, a stray line) is kept, marked
                        }
                    }
                } catch (Exception ignored) {
                    // the stream was cut: END below tells the test
                }
                data.add(END);
            }, "sse-reader");
            reader.setDaemon(true);
            reader.start();
        }

        /** The next payload, or null if none came within 5 s or the stream ended. */
        public String next() throws InterruptedException {
            String item = data.poll(5, TimeUnit.SECONDS);
            return item == null || item.equals(END) ? null : item;
        }

        /** All remaining payloads until the stream ends. */
        public List<String> rest() throws InterruptedException {
            List<String> out = new ArrayList<>();
            String item;
            while ((item = data.poll(10, TimeUnit.SECONDS)) != null && !item.equals(END)) {
                out.add(item);
            }
            return out;
        }
    }

    /**
     * A stream request on a raw connection (so a test can hang up, or reset it), read up to the first line that
     * contains {@code marker}.
     */
    public static Socket openRaw(int port, String body, String marker) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        try {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n"
                    + "Authorization: Bearer " + RunningGateway.KEY + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.UTF_8));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.contains(marker)) {
                // read up to the marker
            }
            if (line == null) {
                throw new IOException("the stream ended before '" + marker + "'");
            }
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    public static Stream stream(String url, String key, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return new Stream(HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream()));
    }
}

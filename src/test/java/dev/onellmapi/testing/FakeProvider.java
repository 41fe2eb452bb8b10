package dev.onellmapi.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A provider stand-in reached over real HTTP on 127.0.0.1: answers are scripted per path (the longest registered
 * prefix wins), every request is recorded, and streams can be held at a gate so a test can see chunks arrive while
 * the "provider" is still sending.
 */
public final class FakeProvider implements AutoCloseable {
    /** What the gateway sent. */
    public record Request(String method, String pathAndQuery, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    /** Writes one answer. */
    @FunctionalInterface
    public interface Answer {
        void write(Request request, HttpExchange exchange) throws Exception;
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    public FakeProvider() throws IOException {
        this(0);
    }

    /** On a given port: a provider that comes up after the gateway first tried it. */
    public FakeProvider(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 200);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public FakeProvider on(String pathPrefix, Answer answer) {
        answers.put(pathPrefix, answer);
        return this;
    }

    public List<Request> requests() {
        return requests;
    }

    public Request lastRequest() {
        return requests.isEmpty() ? null : requests.get(requests.size() - 1);
    }

    public void reset() {
        answers.clear();
        requests.clear();
    }

    // ---- answers ----

    public static Answer json(int status, String body) {
        return json(status, body, Map.of());
    }

    public static Answer json(int status, String body, Map<String, String> headers) {
        return (request, exchange) -> {
            headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        };
    }

    /** The n-th request to this answer gets the n-th of {@code answers}; the last one answers every request after. */
    public static Answer inTurn(Answer... answers) {
        AtomicInteger calls = new AtomicInteger();
        return (request, exchange) -> answers[Math.min(calls.getAndIncrement(), answers.length - 1)]
                .write(request, exchange);
    }

    /** An SSE stream: each element is written as is (include "data: ...\n\n" yourself) and flushed. */
    public static Answer sse(List<String> frames) {
        return sse(frames, null, List.of());
    }

    /** Writes {@code before}, waits at {@code gate} (at most 10 s), then writes {@code after} and ends. */
    public static Answer sse(List<String> before, CountDownLatch gate, List<String> after) {
        return (request, exchange) -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (String frame : before) {
                    out.write(frame.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                if (gate != null) {
                    gate.await(10, TimeUnit.SECONDS);
                }
                for (String frame : after) {
                    out.write(frame.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        };
    }

    /** One SSE data frame. */
    public static String data(String json) {
        return "data: " + json + "\n\n";
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String query = exchange.getRequestURI().getRawQuery();
        Request request = new Request(exchange.getRequestMethod(), query == null ? path : path + "?" + query,
                Map.copyOf(exchange.getRequestHeaders()),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        requests.add(request);
        Answer answer = null;
        int best = -1;
        for (Map.Entry<String, Answer> e : answers.entrySet()) {
            if (path.startsWith(e.getKey()) && e.getKey().length() > best) {
                answer = e.getValue();
                best = e.getKey().length();
            }
        }
        try {
            if (answer == null) {
                json(404, "{\"error\":{\"message\":\"fake: nothing scripted for " + path + "\"}}").write(request,
                        exchange);
            } else {
                answer.write(request, exchange);
            }
        } catch (IOException e) {
            // the gateway went away mid-answer: that is what some tests do
        } catch (Exception e) {
            throw new IOException(e);
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}

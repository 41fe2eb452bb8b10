package dev.onellmapi.streaming;

import dev.onellmapi.provider.UpstreamClient;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.LogCapture;
import dev.onellmapi.testing.RunningGateway;
import dev.onellmapi.testing.SseClient;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static dev.onellmapi.testing.FakeProvider.data;
import static dev.onellmapi.testing.OpenAiFixtures.chatBody;
import static dev.onellmapi.testing.OpenAiFixtures.chunk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Clients that hang up mid-stream, hundreds of times, leave nothing behind: every provider connection is let go
 * (no provider call stays open, the provider sees each one closed), no request stays in flight holding a worker
 * thread, and a second round of the same does not make the gateway's thread count grow.
 */
class AbortedStreamsLeakTest {
    private static final int ROUND = 200;
    private static final int BATCH = 20;
    /** Threads a round may add over the one before without being a leak (a leak adds one or more per stream). */
    private static final int THREAD_MARGIN = 10;

    private final AtomicInteger upstreamOpened = new AtomicInteger();
    private final AtomicInteger upstreamCut = new AtomicInteger();
    private final AtomicInteger upstreamEnded = new AtomicInteger();

    @Test
    void twoHundredStreamsAbortedByTheirClientsLeaveNoConnectionsRequestsOrThreadsBehind() throws Exception {
        try (FakeProvider openai = new FakeProvider();
             RunningGateway gateway = RunningGateway.start(Map.of("openai.api-key", "sk-up",
                     "openai.api-base", openai.baseUrl() + "/v1",
                     // the test's made-up models priced, so the ledger's one warning about an unpriced model is not it
                     "gateway.pricing-file", java.nio.file.Files.writeString(java.nio.file.Files.createTempFile(
                             "prices", ".yaml"), "\"gpt-*\": {input: 1, output: 1}\n").toString()));
             LogCapture log = new LogCapture()) {
            openai.on("/v1/chat/completions", (request, exchange) -> {
                upstreamOpened.incrementAndGet();
                try {
                    exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
                    exchange.sendResponseHeaders(200, 0);
                    OutputStream out = exchange.getResponseBody();
                    for (int i = 0; i < 600; i++) { // 30 s of chunks unless the gateway lets go
                        out.write(data(chunk("gpt-4o", "tick" + i)).getBytes(StandardCharsets.UTF_8));
                        out.flush();
                        Thread.sleep(50);
                    }
                } catch (IOException cut) {
                    upstreamCut.incrementAndGet();
                } finally {
                    upstreamEnded.incrementAndGet();
                }
            });
            CamelContext camel = gateway.main().getCamelContext();
            int port = Integer.parseInt(gateway.baseUrl().replaceAll(".*:", ""));

            int openBefore = openCalls(camel);
            // the measure sees a stream's connection
            try (Socket open = SseClient.openRaw(port, chatBody("gpt-4o", true), "tick")) {
                assertEquals(openBefore + 1, openCalls(camel), "provider calls open with one stream open");
            }
            abortStreams(camel, port, ROUND);
            awaitSettled(camel, openBefore, "first round");
            int threadsAfterFirst = gatewayThreads();
            long fdsAfterFirst = openFileDescriptors();

            abortStreams(camel, port, ROUND);
            awaitSettled(camel, openBefore, "second round");
            int threadsAfterSecond = gatewayThreads();
            assertTrue(threadsAfterSecond <= threadsAfterFirst + THREAD_MARGIN, "threads grew from "
                    + threadsAfterFirst + " to " + threadsAfterSecond + " with the second round:\n" + threadNames());
            long fdsAfterSecond = openFileDescriptors();
            assertTrue(fdsAfterSecond <= fdsAfterFirst + 4L * THREAD_MARGIN, "open files and sockets grew from "
                    + fdsAfterFirst + " to " + fdsAfterSecond + " with the second round");
            // each round: half single-model streams, half two-model ones
            assertEquals(1 + 2 * (ROUND / 2 + ROUND), upstreamOpened.get(), "provider streams opened");
            assertEquals(List.of(), log.warnings(), "a client hanging up is routine: nothing to warn about");
        }
    }

    /**
     * Opens {@code count} streams in batches and hangs each up after its first chunk (half with a reset); the next
     * batch starts once the gateway let go of the last one, so every batch needs the same threads at most.
     */
    private static void abortStreams(CamelContext camel, int port, int count) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(BATCH);
        try {
            for (int start = 0; start < count; start += BATCH) {
                List<Future<?>> batch = new ArrayList<>();
                for (int i = start; i < start + BATCH && i < count; i++) {
                    int n = i;
                    batch.add(clients.submit(() -> {
                        abortOneStream(port, n % 2 == 0 ? "gpt-4o" : "gpt-a,gpt-b", n % 4 < 2);
                        return null;
                    }));
                }
                for (Future<?> f : batch) {
                    f.get(30, TimeUnit.SECONDS);
                }
                awaitTrue(() -> camel.getInflightRepository().size() == 0, () -> camel.getInflightRepository()
                        .size() + " request(s) still in flight after their clients hung up");
            }
        } finally {
            clients.shutdownNow();
        }
    }

    private static void abortOneStream(int port, String model, boolean reset) throws IOException {
        try (Socket socket = SseClient.openRaw(port, chatBody(model, true), "tick")) {
            if (reset) {
                socket.setSoLinger(true, 0); // an abortive close (RST), as a killed client process leaves
            }
        }
    }

    /** Waits until nothing of the aborted streams is left: open provider calls, provider streams, requests. */
    private void awaitSettled(CamelContext camel, int openBefore,
                              String round) throws InterruptedException {
        awaitTrue(() -> upstreamEnded.get() == upstreamOpened.get(), () -> "after the " + round + " the provider "
                + "still streams on " + (upstreamOpened.get() - upstreamEnded.get()) + " connection(s)");
        assertEquals(upstreamOpened.get(), upstreamCut.get(), "every provider stream ended by the gateway cutting it");
        awaitTrue(() -> camel.getInflightRepository().size() == 0, () -> "after the " + round + " "
                + camel.getInflightRepository().size() + " request(s) are still in flight");
        awaitTrue(() -> openCalls(camel) == openBefore, () -> "after the " + round
                + " " + openCalls(camel) + " provider call(s) are still open");
        awaitTrue(() -> busyRequestThreads().isEmpty(), () -> "after the " + round
                + " request threads are still busy in the gateway: " + busyRequestThreads());
    }

    /** Provider calls whose answer has not ended: a stream's connection is let go when its body ends or aborts. */
    private static int openCalls(CamelContext camel) {
        return camel.getRegistry().lookupByNameAndType("upstreamClient", UpstreamClient.class).callsInFlight();
    }

    /** Request-pool or fan-out threads with a gateway frame on their stack: a request still being worked on. */
    private static List<String> busyRequestThreads() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getName().endsWith(" - request") || e.getKey().getName()
                        .contains("fan-out"))
                .filter(e -> Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().startsWith("dev.onellmapi")))
                .map(e -> e.getKey().getName())
                .toList();
    }

    /** The gateway's own threads (Vert.x, Camel's pools), not the test's or the fake provider's. */
    private static int gatewayThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("vert.x-")
                || t.getName().startsWith("Camel (")).count();
    }

    private static String threadNames() {
        return Thread.getAllStackTraces().keySet().stream()
                .collect(Collectors.groupingBy(t -> t.getName().replaceAll("\\d+", "#"), Collectors.counting()))
                .toString();
    }

    private static long openFileDescriptors() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean u) {
            return u.getOpenFileDescriptorCount();
        }
        return 0;
    }

    private static void awaitTrue(BooleanSupplier condition, java.util.function.Supplier<String> message)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(message.get());
            }
            Thread.sleep(50);
        }
    }
}

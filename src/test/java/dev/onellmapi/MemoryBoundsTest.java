package dev.onellmapi;

import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.GatewayProcess;
import dev.onellmapi.testing.RunningGateway;
import dev.onellmapi.testing.SseClient;
import dev.onellmapi.wire.Json;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.onellmapi.testing.OpenAiFixtures.completion;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The standalone gateway gives its heap back once it is quiet (MemoryBounds, HeapReturn): read from outside, with the
 * JDK's jcmd, on a gateway process started as {@code java} starts it, its heap made large from the start
 * ({@code -XX:InitialHeapSize}, what a load leaves behind). A large MetaspaceSize keeps the start from triggering a
 * concurrent cycle, which would shrink a heap still free of garbage on its own.
 */
class MemoryBoundsTest {
    private static final long MIB = 1 << 20;

    @Test
    void aHeapOverTheFloorIsGivenBackOnceAndOnlyOnce() {
        HeapReturn policy = new HeapReturn();
        assertFalse(policy.returnNow(HeapReturn.FLOOR_BYTES), "at the floor the heap is left as it is");
        assertTrue(policy.returnNow(800 * MIB));
        policy.returned(200 * MIB); // a gateway with much live data: the collection left 200 MiB
        assertFalse(policy.returnNow(250 * MIB), "not at every quiet moment: the heap has not grown by a quarter");
        assertTrue(policy.returnNow(251 * MIB), "a load grew it again");
    }

    @Test
    void aQuietGatewayGivesItsHeapBackWithOneCollectionAndThenRunsNone() throws Exception {
        try (GatewayProcess gateway = GatewayProcess.start(List.of("-Xmx1g", "-XX:InitialHeapSize=768m", "-XX:MetaspaceSize=512m"), Map.of())) {
            long pid = gateway.process().pid();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (committedHeap(pid) > 200 * MIB && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            long committed = committedHeap(pid);
            assertTrue(committed <= 200 * MIB, "heap still " + committed / MIB + " MiB committed:\n" + gateway.output());
            assertTrue(gateway.output().contains("Heap given back after a load"), gateway.output());
            long collections = collections(pid);
            Thread.sleep(TimeUnit.SECONDS.toMillis(12));
            // no periodic cycle while nothing happens (the JVM's G1PeriodicGCInterval would run one every few seconds)
            assertEquals(collections, collections(pid), "a quiet gateway collected again");
            assertEquals(committed, committedHeap(pid));
        }
    }

    @Test
    void aLoadIsNeverPausedForItButItsEndIs() throws Exception {
        try (FakeProvider openai = new FakeProvider()) {
            openai.on("/v1/chat/completions", FakeProvider.json(200, completion("gpt-4o", "hello")));
            // a young generation so large that a load goes many seconds without a collection: "no collection for
            // 3 s" alone would take the load for its end
            try (GatewayProcess gateway = GatewayProcess.start(List.of("-Xmx1g", "-XX:InitialHeapSize=768m",
                    "-Xmn600m", "-XX:MetaspaceSize=512m"), Map.of("OPENAI_API_KEY", "sk-up",
                    "OPENAI_API_BASE", openai.baseUrl() + "/v1"))) {
                // requests of 256 KiB, four at a time: megabytes allocated every second, a load
                String body = Json.text(Json.object().put("model", "gpt-4o").set("messages", Json.array().add(
                        Json.object().put("role", "user").put("content", "word ".repeat(1 << 16)))));
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                AtomicInteger answered = new AtomicInteger();
                ExecutorService clients = Executors.newFixedThreadPool(4);
                List<Future<?>> load = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    load.add(clients.submit(() -> {
                        while (System.nanoTime() < end) {
                            HttpResponse<String> chat = SseClient.post(gateway.chatUrl(), RunningGateway.KEY, body);
                            assertEquals(200, chat.statusCode(), chat.body());
                            answered.incrementAndGet();
                        }
                        return null;
                    }));
                }
                for (Future<?> client : load) {
                    client.get();
                }
                clients.shutdown();
                assertFalse(gateway.output().contains("Heap given back"), answered + " requests in 10 s, and a "
                        + "full collection among them:\n" + gateway.output());
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!gateway.output().contains("Heap given back") && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                assertTrue(gateway.output().contains("Heap given back"), gateway.output());
            }
        }
    }

    @Test
    void theOperatorsOwnHeapRatiosAreLeftAsTheyAre() throws Exception {
        try (GatewayProcess gateway = GatewayProcess.start(
                List.of("-Xmx1g", "-XX:InitialHeapSize=768m", "-XX:MetaspaceSize=512m", "-XX:MaxHeapFreeRatio=70"), Map.of())) {
            long pid = gateway.process().pid();
            Thread.sleep(TimeUnit.SECONDS.toMillis(8));
            assertTrue(committedHeap(pid) >= 700 * MIB, "the gateway shrank a heap its operator tuned");
            assertFalse(gateway.output().contains("Heap given back"), gateway.output());
        }
    }

    /** The heap's committed size, from {@code jcmd <pid> GC.heap_info} ("garbage-first heap total 786432K, ..."). */
    private static long committedHeap(long pid) throws Exception {
        Matcher total = Pattern.compile("heap\\s+total (\\d+)K").matcher(jcmd(pid, "GC.heap_info"));
        assertTrue(total.find(), "no heap size in jcmd's answer");
        return Long.parseLong(total.group(1)) * 1024;
    }

    /** Every collection so far, young and full, from the JVM's own counters. */
    private static long collections(long pid) throws Exception {
        Matcher invocations = Pattern.compile("sun\\.gc\\.collector\\.\\d+\\.invocations=(\\d+)")
                .matcher(jcmd(pid, "PerfCounter.print"));
        long all = 0;
        while (invocations.find()) {
            all += Long.parseLong(invocations.group(1));
        }
        return all;
    }

    private static String jcmd(long pid, String command) throws Exception {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(jcmd.waitFor(30, TimeUnit.SECONDS));
        return out;
    }
}

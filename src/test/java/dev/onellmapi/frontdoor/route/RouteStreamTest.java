package dev.onellmapi.frontdoor.route;

import dev.onellmapi.OneLlmApiException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.onellmapi.testing.OpenAiFixtures.chunk;
import static dev.onellmapi.testing.OpenAiFixtures.finalChunk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RouteStreamTest {
    private static final String ROLE = "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}";

    @Test
    void theFirstDeltaIsReadWhileTheRestIsStillToCome() throws Exception {
        RouteStream stream = new RouteStream(true, 16);
        CountDownLatch firstRead = new CountDownLatch(1);
        CompletableFuture<List<String>> reader = CompletableFuture.supplyAsync(() -> {
            List<String> read = new ArrayList<>();
            while (stream.hasNext()) {
                read.add(stream.next());
                firstRead.countDown();
            }
            return read;
        });
        stream.send(ROLE);
        stream.send(chunk("gpt-4o", "Hel"));
        assertTrue(firstRead.await(10, TimeUnit.SECONDS), "the first delta was not readable before the end");
        assertFalse(reader.isDone());
        stream.send(chunk("gpt-4o", "lo"));
        stream.send(finalChunk("gpt-4o"));
        stream.finish();
        assertEquals(List.of("Hel", "lo"), reader.get(10, TimeUnit.SECONDS));
    }

    @Test
    void jsonOutputGivesEachChunkAsItCame() {
        RouteStream stream = new RouteStream(false, 16);
        stream.send(ROLE);
        stream.send(chunk("gpt-4o", "Hi"));
        stream.finish();
        List<String> read = new ArrayList<>();
        stream.forEachRemaining(read::add);
        assertEquals(List.of(ROLE, chunk("gpt-4o", "Hi")), read);
    }

    @Test
    void aFailureAfterTheStartIsThrownWhereTheRouteReads() {
        RouteStream stream = new RouteStream(true, 16);
        stream.send(chunk("gpt-4o", "Hi"));
        stream.fail(new OneLlmApiException(502, "upstream_error", "stream_broken", null, "broke off", null));
        assertTrue(stream.hasNext());
        assertEquals("Hi", stream.next());
        OneLlmApiException error = assertThrows(OneLlmApiException.class, stream::hasNext);
        assertEquals(502, error.getStatus());
        assertFalse(stream.hasNext(), "over after its error");
    }

    @Test
    void aSlowRoutePausesTheProviderAndResumesItWhenItCatchesUp() {
        RouteStream stream = new RouteStream(true, 4);
        for (int i = 0; i < 4; i++) {
            stream.send(chunk("gpt-4o", "t" + i));
        }
        assertTrue(stream.writeQueueFull());
        AtomicInteger resumed = new AtomicInteger();
        stream.whenDrained(Runnable::run, resumed::incrementAndGet);
        assertEquals(0, resumed.get(), "resumed before the route read anything");
        stream.next();
        assertEquals(0, resumed.get(), "resumed above half the capacity");
        stream.next();
        assertEquals(1, resumed.get());
        assertFalse(stream.writeQueueFull());
    }

    @Test
    void closingEarlyLetsGoOfTheProviderAndWakesAWaitingReader() throws Exception {
        RouteStream stream = new RouteStream(true, 16);
        AtomicInteger aborted = new AtomicInteger();
        stream.onClose(aborted::incrementAndGet);
        stream.send(chunk("gpt-4o", "Hi"));
        assertEquals("Hi", stream.next());
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(stream::hasNext);
        stream.close();
        assertFalse(waiting.get(10, TimeUnit.SECONDS));
        assertEquals(1, aborted.get());
        stream.send(chunk("gpt-4o", "late")); // dropped
        assertFalse(stream.hasNext());
        stream.close();
        assertEquals(1, aborted.get(), "closed twice, aborted once");
    }

    @Test
    void closingAFinishedStreamAbortsNothing() {
        RouteStream stream = new RouteStream(true, 16);
        AtomicInteger aborted = new AtomicInteger();
        stream.onClose(aborted::incrementAndGet);
        stream.finish();
        stream.close();
        assertEquals(0, aborted.get());
    }

    @Test
    void theStartIsSignalledOnceByTheFirstChunkOrTheEnd() {
        RouteStream stream = new RouteStream(true, 16);
        AtomicInteger started = new AtomicInteger();
        stream.onStart(started::incrementAndGet);
        assertFalse(stream.isStarted());
        stream.send(ROLE);
        stream.send(chunk("gpt-4o", "x"));
        stream.finish();
        assertEquals(1, started.get());
        RouteStream empty = new RouteStream(true, 16);
        empty.finish();
        AtomicInteger late = new AtomicInteger();
        empty.onStart(late::incrementAndGet);
        assertEquals(1, late.get(), "registered after the start: run at once");
        assertFalse(empty.hasNext());
    }
}

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
        RouteStream.Reader reader = stream.reader();
        CountDownLatch firstRead = new CountDownLatch(1);
        CompletableFuture<List<String>> reading = CompletableFuture.supplyAsync(() -> {
            List<String> read = new ArrayList<>();
            while (reader.hasNext()) {
                read.add(reader.next());
                firstRead.countDown();
            }
            return read;
        });
        stream.send(ROLE);
        stream.send(chunk("gpt-4o", "Hel"));
        assertTrue(firstRead.await(10, TimeUnit.SECONDS), "the first delta was not readable before the end");
        assertFalse(reading.isDone());
        stream.send(chunk("gpt-4o", "lo"));
        stream.send(finalChunk("gpt-4o"));
        stream.finish();
        assertEquals(List.of("Hel", "lo"), reading.get(10, TimeUnit.SECONDS));
    }

    @Test
    void jsonOutputGivesEachChunkAsItCame() {
        RouteStream stream = new RouteStream(false, 16);
        stream.send(ROLE);
        stream.send(chunk("gpt-4o", "Hi"));
        stream.finish();
        List<String> read = new ArrayList<>();
        stream.reader().forEachRemaining(read::add);
        assertEquals(List.of(ROLE, chunk("gpt-4o", "Hi")), read);
    }

    @Test
    void aFailureAfterTheStartIsThrownWhereTheRouteReads() {
        RouteStream stream = new RouteStream(true, 16);
        stream.send(chunk("gpt-4o", "Hi"));
        stream.fail(new OneLlmApiException(502, "upstream_error", "stream_broken", null, "broke off", null));
        RouteStream.Reader reader = stream.reader();
        assertTrue(reader.hasNext());
        assertEquals("Hi", reader.next());
        OneLlmApiException error = assertThrows(OneLlmApiException.class, reader::hasNext);
        assertEquals(502, error.getStatus());
        assertFalse(reader.hasNext(), "over after its error");
    }

    @Test
    void aSlowRoutePausesTheProviderAndResumesItWhenItCatchesUp() {
        RouteStream stream = new RouteStream(true, 4);
        RouteStream.Reader reader = stream.reader();
        for (int i = 0; i < 4; i++) {
            stream.send(chunk("gpt-4o", "t" + i));
        }
        assertTrue(stream.writeQueueFull());
        AtomicInteger resumed = new AtomicInteger();
        stream.whenDrained(resumed::incrementAndGet);
        assertEquals(0, resumed.get(), "resumed before the route read anything");
        reader.next();
        assertEquals(0, resumed.get(), "resumed above half the capacity");
        reader.next();
        assertEquals(1, resumed.get());
        assertFalse(stream.writeQueueFull());
    }

    @Test
    void closingEarlyLetsGoOfTheProviderAndWakesAWaitingReader() throws Exception {
        RouteStream stream = new RouteStream(true, 16);
        AtomicInteger aborted = new AtomicInteger();
        stream.onClose(aborted::incrementAndGet);
        stream.send(chunk("gpt-4o", "Hi"));
        RouteStream.Reader reader = stream.reader();
        assertEquals("Hi", reader.next());
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(reader::hasNext);
        reader.close();
        assertFalse(waiting.get(10, TimeUnit.SECONDS));
        assertEquals(1, aborted.get());
        stream.send(chunk("gpt-4o", "late")); // dropped
        assertFalse(reader.hasNext());
        reader.close();
        assertEquals(1, aborted.get(), "closed twice, aborted once");
    }

    @Test
    void closingAFinishedStreamAbortsNothing() {
        RouteStream stream = new RouteStream(true, 16);
        AtomicInteger aborted = new AtomicInteger();
        stream.onClose(aborted::incrementAndGet);
        stream.finish();
        stream.reader().close();
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
        assertFalse(empty.reader().hasNext());
    }

    @Test
    void aReaderTheRouteDropsLetsGoOfTheProviderWhenCollected() throws Exception {
        RouteStream stream = new RouteStream(true, 16);
        CountDownLatch aborted = new CountDownLatch(1);
        stream.onClose(aborted::countDown);
        stream.send(chunk("gpt-4o", "Hi"));
        stream.reader(); // dropped at once, never read nor closed
        for (int i = 0; i < 50 && aborted.getCount() > 0; i++) {
            System.gc();
            aborted.await(100, TimeUnit.MILLISECONDS);
        }
        assertTrue(stream.isClosed(), "a dropped reader kept its provider's stream open");
    }
}

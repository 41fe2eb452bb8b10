package dev.onellmapi.testing;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many requests in flight together: the fake provider holds every answer until each request was either answered by
 * the gateway (refused) or reached the provider (admitted), so no admitted request ends before the last is decided.
 */
public final class Burst {
    private final Map<Integer, Integer> statuses;

    private Burst(Map<Integer, Integer> statuses) {
        this.statuses = statuses;
    }

    /** How many answers had each status (0 for none). */
    public Map<Integer, Integer> statuses() {
        return statuses;
    }

    public static Burst held(FakeProvider fake, FakeProvider.Answer answer, int n,
                             Callable<HttpResponse<String>> request) throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        AtomicInteger reached = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        fake.on("/v1/chat/completions", (r, exchange) -> {
            reached.incrementAndGet();
            gate.await(30, TimeUnit.SECONDS);
            answer.write(r, exchange);
        });
        ExecutorService threads = Executors.newFixedThreadPool(n);
        try {
            List<Future<HttpResponse<String>>> sent = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                sent.add(threads.submit(() -> {
                    try {
                        return request.call();
                    } finally {
                        answered.incrementAndGet();
                    }
                }));
            }
            // every request decided; bounded, in case a gateway pool holds some back before the provider
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (reached.get() + answered.get() < n && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            gate.countDown();
            Map<Integer, Integer> statuses = new TreeMap<>(Map.of(200, 0, 429, 0));
            for (Future<HttpResponse<String>> f : sent) {
                statuses.merge(f.get(60, TimeUnit.SECONDS).statusCode(), 1, Integer::sum);
            }
            return new Burst(statuses);
        } finally {
            threads.shutdownNow();
        }
    }
}

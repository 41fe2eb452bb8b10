package dev.onellmapi.resilience;

import dev.onellmapi.testing.GatewayWithFake;
import dev.onellmapi.testing.RunningGateway;
import dev.onellmapi.testing.SseClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.onellmapi.testing.OpenAiFixtures.chatBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Memory for a provider's answer grows with the bytes that arrive, not with the length it declares: answers that
 * declare 30 MiB and send 20 bytes used to set 30 MiB aside each (30 of them filled a 512 MB heap).
 */
class DeclaredLengthTest {
    private static final int ANSWERS = 20;
    private static final int DECLARED = 30 * 1024 * 1024;

    @RegisterExtension
    static final GatewayWithFake fx = new GatewayWithFake(fake -> Map.of(
            "openai.api-key", "sk-up", "openai.api-base", fake.baseUrl() + "/v1",
            "gateway.upstream-timeout-seconds", "30"));

    @Test
    void answersDeclaringHugeLengthsTakeNoMoreMemoryThanTheyDeliver() throws Exception {
        CountDownLatch arrived = new CountDownLatch(ANSWERS);
        CountDownLatch release = new CountDownLatch(1);
        fx.fake().on("/v1/chat/completions", (request, exchange) -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, DECLARED);
            exchange.getResponseBody().write("{\"id\":\"chatcmpl-1\",".getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            arrived.countDown();
            release.await(60, TimeUnit.SECONDS); // then hangs up short of its length
        });
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = heapAfterGc(memory);
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < ANSWERS; i++) {
            answers.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return SseClient.post(fx.chatUrl(), RunningGateway.KEY, chatBody("gpt-4o", false));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        assertTrue(arrived.await(30, TimeUnit.SECONDS), "the answers did not all begin");
        Thread.sleep(300); // their first bytes have reached the gateway
        long held = heapAfterGc(memory) - before;
        release.countDown();
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            assertEquals(502, answer.get(60, TimeUnit.SECONDS).statusCode()); // cut short: not a JSON object
        }
        assertTrue(held < ANSWERS * (long) DECLARED / 4, "the gateway held " + held / (1024 * 1024)
                + " MiB for answers that had delivered a few bytes each");
    }

    private static long heapAfterGc(MemoryMXBean memory) throws InterruptedException {
        System.gc();
        Thread.sleep(100);
        return memory.getHeapMemoryUsage().getUsed();
    }
}

package dev.onellmapi.run;

import dev.onellmapi.wire.Json;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.HostedGateway;
import dev.onellmapi.testing.RunningGateway;
import dev.onellmapi.testing.SseClient;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.onellmapi.testing.FakeProvider.data;
import static dev.onellmapi.testing.OpenAiFixtures.chatBody;
import static dev.onellmapi.testing.OpenAiFixtures.chunk;
import static dev.onellmapi.testing.OpenAiFixtures.completion;
import static dev.onellmapi.testing.OpenAiFixtures.finalChunk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The gateway embedded in a camel-main application that has its own platform-http routes on its own server: the
 * host sets only what the README says (the configuration class, the routes pattern, keys); the gateway answers chat
 * and streams on the host's port; the host's blocking route runs on a worker, not on an event loop; the host's
 * {@code http} component and shutdown timeout stay as the host set them, and its unknown paths are not the
 * gateway's error pages.
 */
class CamelMainHostTest {
    private static FakeProvider openai;
    private static Main host;
    private static Thread running;
    private static int port;
    private static final CountDownLatch RELEASE = new CountDownLatch(1);
    private static volatile String hostRouteThread;

    @BeforeAll
    static void start() throws Exception {
        openai = new FakeProvider();
        port = RunningGateway.freePort();
        host = HostedGateway.camelMainHost("host-application", port, openai.baseUrl() + "/v1", null);
        host.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("platform-http:/host/slow").routeId("host-slow").process(exchange -> {
                    hostRouteThread = Thread.currentThread().getName();
                    RELEASE.await(20, TimeUnit.SECONDS); // a host route that blocks, as host routes may
                    exchange.getMessage().setBody("host done");
                });
            }
        });
        host.addInitialProperty("camel.main.shutdown-timeout", "7");
        host.addInitialProperty("camel.component.http.connections-per-route", "7");
        running = HostedGateway.start("the host application", host::run, "http://127.0.0.1:" + port,
                Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() throws Exception {
        RELEASE.countDown();
        host.completed();
        running.join(30_000);
        openai.close();
    }

    @Test
    void theGatewayAnswersChatAndStreamsOnTheHostsPort() throws Exception {
        openai.on("/v1/chat/completions", (request, exchange) -> {
            if (Json.parse(request.body()).path("stream").asBoolean()) {
                FakeProvider.sse(List.of(data(chunk("gpt-4o", "from the host")), data(finalChunk("gpt-4o")),
                        "data: [DONE]\n\n")).write(request, exchange);
            } else {
                FakeProvider.json(200, completion("gpt-4o", "hello")).write(request, exchange);
            }
        });
        String url = "http://127.0.0.1:" + port + "/v1/chat/completions";
        HttpResponse<String> chat = SseClient.post(url, RunningGateway.KEY, chatBody("gpt-4o", false));
        assertEquals(200, chat.statusCode(), chat.body());
        List<String> stream = SseClient.stream(url, RunningGateway.KEY, chatBody("gpt-4o", true)).rest();
        assertEquals("from the host", Json.parse(stream.get(0)).at("/choices/0/delta/content").asText());
        assertEquals("[DONE]", stream.get(stream.size() - 1));
    }

    @Test
    void theHostsBlockingRouteRunsOnAWorkerAndTheGatewayStillAnswers() throws Exception {
        CompletableFuture<HttpResponse<String>> slow = CompletableFuture.supplyAsync(() -> {
            try {
                return SseClient.get("http://127.0.0.1:" + port + "/host/slow", null);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (hostRouteThread == null && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(hostRouteThread == null || hostRouteThread.contains("eventloop"),
                "the host's route ran on " + hostRouteThread);
        for (int i = 0; i < 4; i++) { // every event loop answers while the host route still blocks
            assertEquals(200, SseClient.get("http://127.0.0.1:" + port + "/health", null).statusCode());
        }
        assertFalse(slow.isDone(), "the host route was meant to be still running");
        RELEASE.countDown();
        assertEquals("host done", slow.get(20, TimeUnit.SECONDS).body());
    }

    @Test
    void theHostKeepsItsOwnComponentsShutdownAndErrorPages() throws Exception {
        HttpComponent http = host.getCamelContext().getComponent("http", HttpComponent.class);
        assertEquals(7, http.getConnectionsPerRoute(), "the host's http component lost its own settings");
        assertEquals(7, host.getCamelContext().getShutdownStrategy().getTimeout());
        assertEquals("DefaultShutdownStrategy", host.getCamelContext().getShutdownStrategy().getClass()
                .getSimpleName());
        HttpResponse<String> unknown = SseClient.get("http://127.0.0.1:" + port + "/host/unknown", null);
        assertEquals(404, unknown.statusCode());
        assertFalse(unknown.body().contains("unknown_url"), "the host's 404 is the gateway's: " + unknown.body());
    }
}

package dev.onellmapi.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.onellmapi.OneLlmApiException;
import dev.onellmapi.wire.Json;
import dev.onellmapi.testing.AdminClient;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.HostedGateway;
import dev.onellmapi.testing.RunningGateway;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.onellmapi.testing.FakeProvider.data;
import static dev.onellmapi.testing.OpenAiFixtures.chunk;
import static dev.onellmapi.testing.OpenAiFixtures.completion;
import static dev.onellmapi.testing.OpenAiFixtures.finalChunk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A camel-main host whose own YAML routes (route-calls/host-routes.yaml) call models through the Kamelet
 * {@code one-llm-api-chat}, set up as the README says, against a fake provider over HTTP: text, the whole completion,
 * several models, a stream split while the provider still holds the rest back, a virtual key over its rpm_limit
 * refused with a OneLlmApiException the route handles, and the ledger rows under {@code route:<route id>} with
 * {@code api} = {@code route}.
 */
class RouteCallsTest {
    private static final CountDownLatch STREAM_REST = new CountDownLatch(1);
    private static FakeProvider openai;
    private static Main host;
    private static Thread running;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        openai = new FakeProvider();
        openai.on("/v1/chat/completions", (request, exchange) -> {
            JsonNode body = Json.parse(request.body());
            String model = body.path("model").asText();
            if (body.path("stream").asBoolean()) {
                FakeProvider.sse(List.of(data(chunk(model, "bill")), data(chunk(model, "ing"))), STREAM_REST,
                        List.of(data(chunk(model, "!")), data(finalChunk(model)), "data: [DONE]\n\n"))
                        .write(request, exchange);
            } else {
                String last = body.path("messages").get(body.path("messages").size() - 1).path("content").asText();
                FakeProvider.json(200, completion(model, model + " says: " + last.length()))
                        .write(request, exchange);
            }
        });
        port = RunningGateway.freePort();
        host = HostedGateway.camelMainHost("route-calls-host", port, openai.baseUrl() + "/v1",
                "classpath:route-calls/host-routes.yaml");
        host.addInitialProperty("gateway.upstream-retries", "0");
        host.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                // the README's Java DSL form: the builder's onException sees the Kamelet's failure
                onException(OneLlmApiException.class).onWhen(simple("${exception.status} == 401"))
                        .handled(true).setBody(simple("java refused (${exception.code})"));
                from("direct:java-wrong-key").routeId("java-wrong-key")
                        .to("kamelet:one-llm-api-chat?model=gpt-4o&maxTokens=7&key=sk-one-unknown&noErrorHandler=true");
            }
        });
        running = HostedGateway.start("the host application", host::run, "http://127.0.0.1:" + port,
                Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() throws Exception {
        STREAM_REST.countDown();
        host.completed();
        running.join(30_000);
        openai.close();
    }

    private static ProducerTemplate producer() {
        return host.getCamelContext().createProducerTemplate();
    }

    @Test
    void aTimerRouteGetsTheAnswersTextAndTheLedgerNamesTheRoute() throws Exception {
        MockEndpoint classified = host.getCamelContext().getEndpoint("mock:classified", MockEndpoint.class);
        classified.expectedMessageCount(1);
        classified.assertIsSatisfied(20_000);
        assertEquals("gpt-4o says: 19", classified.getReceivedExchanges().get(0).getMessage().getBody());
        JsonNode sent = Json.parse(openai.requests().stream().filter(r -> r.body().contains("My invoice"))
                .findFirst().orElseThrow().body());
        assertEquals("Answer with one word: billing & accounts, or (other)", sent.at("/messages/0/content").asText());
        JsonNode rows = new AdminClient("http://127.0.0.1:" + port, RunningGateway.KEY)
                .await("/admin/requests?key_id=route:classify", list -> list.path("data").size() == 1);
        JsonNode row = rows.at("/data/0");
        assertEquals("gpt-4o", row.path("model").asText());
        assertEquals("route", row.path("api").asText());
        assertEquals(200, row.path("status").asInt());
        assertEquals(7, row.path("completion_tokens").asInt());
    }

    @Test
    void jsonOutputIsTheWholeCompletion() throws Exception {
        String json = producer().requestBody("direct:as-json", "hello", String.class);
        JsonNode completion = Json.parse(json);
        assertEquals("chat.completion", completion.path("object").asText());
        assertEquals("gpt-4o says: 5", completion.at("/choices/0/message/content").asText());
    }

    @Test
    void severalModelsAnswerByName() {
        Object answer = producer().requestBody("direct:both", "hi");
        assertEquals(Map.of("gpt-4o", "gpt-4o says: 2", "gpt-4o-mini", "gpt-4o-mini says: 2"), answer);
        assertEquals(List.of("gpt-4o", "gpt-4o-mini"), List.copyOf(((Map<?, ?>) answer).keySet()));
    }

    @Test
    void aStreamIsSplitWhileTheProviderStillHoldsTheRest() throws Exception {
        CompletableFuture<Object> done = producer().asyncSendBody("direct:streamed", "hi");
        var deltas = host.getCamelContext().createConsumerTemplate();
        // the splitter reads one element ahead: "bill" moves on once "ing" is in, the provider still holding "!"
        assertEquals("bill", deltas.receiveBody("seda:deltas", 20_000));
        assertFalse(done.isDone());
        STREAM_REST.countDown();
        assertEquals("ing", deltas.receiveBody("seda:deltas", 20_000));
        assertEquals("!", deltas.receiveBody("seda:deltas", 20_000));
        done.get(20, TimeUnit.SECONDS);
    }

    @Test
    void aVirtualKeyOverItsRpmLimitIsA429TheRouteHandles() throws Exception {
        String refused = secondCallOfAKeyWithOneRequestAMinute("direct:limited", "tickets");
        assertTrue(refused.matches("retry in \\d+s \\(rate_limit_exceeded\\)"), refused);
        CamelExecutionException unknown = assertThrows(CamelExecutionException.class, () -> producer()
                .requestBodyAndHeaders("direct:limited", "hi", Map.of("llmKey", "sk-one-unknown")));
        OneLlmApiException error = assertInstanceOf(OneLlmApiException.class, unknown.getCause());
        assertEquals(401, error.getStatus());
        assertEquals("invalid_api_key", error.getCode());
    }

    @Test
    void theHostsOnExceptionHandlesTheKameletsFailures() throws Exception {
        assertEquals("refused (invalid_api_key)", producer().requestBody("direct:wrong-key", "hi", String.class));
        assertEquals("java refused (invalid_api_key)",
                producer().requestBody("direct:java-wrong-key", "hi", String.class));
        String refused = secondCallOfAKeyWithOneRequestAMinute("direct:limited-on-exception", "tickets-2");
        assertTrue(refused.matches("retry in \\d+s \\(rate_limit_exceeded\\)"), refused);
    }

    /** A new virtual key allowed one request a minute calls {@code route} twice: the first answers, the second's body. */
    private static String secondCallOfAKeyWithOneRequestAMinute(String route, String name) throws Exception {
        AdminClient admin = new AdminClient("http://127.0.0.1:" + port, RunningGateway.KEY);
        String key = admin.createKey("{\"name\":\"" + name + "\",\"rpm_limit\":1}").path("key").asText();
        Map<String, Object> headers = Map.of("llmKey", key);
        assertEquals("gpt-4o says: 2", producer().requestBodyAndHeaders(route, "hi", headers));
        return producer().requestBodyAndHeaders(route, "hi", headers, String.class);
    }

    @Test
    void anUnknownModelIsA404BeforeAnythingIsSent() {
        CamelExecutionException failed = assertThrows(CamelExecutionException.class,
                () -> producer().requestBody("direct:unknown-model", "hi"));
        OneLlmApiException error = assertInstanceOf(OneLlmApiException.class, failed.getCause());
        assertEquals(404, error.getStatus());
        assertEquals("model_not_found", error.getCode());
        // counted by model, not in all: the timer route's call may arrive at any moment
        assertTrue(openai.requests().stream().noneMatch(r -> r.body().contains("no-such-model")));
    }
}

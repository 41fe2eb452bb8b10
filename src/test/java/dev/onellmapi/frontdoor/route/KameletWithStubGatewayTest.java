package dev.onellmapi.frontdoor.route;

import dev.onellmapi.request.RouteCaller;
import dev.onellmapi.request.RequestContext;
import dev.onellmapi.wire.ApiError;
import dev.onellmapi.wire.Json;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.AsyncProcessorSupport;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static dev.onellmapi.testing.OpenAiFixtures.chunk;
import static dev.onellmapi.testing.OpenAiFixtures.completion;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Kamelet as a host's YAML routes use it, in front of a stand-in for the gateway's route-call entry (the real
 * gateway's are in run/RouteCallsTest): what reaches the gateway from the Kamelet's properties, which route is
 * recorded, how an error reaches the route's onException, how a stream is split as it arrives, and that the route
 * goes on off the thread that delivered the answer.
 */
class KameletWithStubGatewayTest {
    private CamelContext camel;
    private final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();

    /** What reached the gateway. */
    private record Call(byte[] request, RouteCaller caller) {
    }
    private volatile String answeredOn;

    @BeforeEach
    void start() throws Exception {
        camel = new DefaultCamelContext();
        camel.addComponent(RouteChatComponent.NAME, new RouteChatComponent());
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(RouteChatProducer.GATEWAY).process(new AsyncProcessorSupport() {
                    @Override
                    public boolean process(Exchange exchange, AsyncCallback callback) {
                        calls.add(new Call(exchange.getMessage().getBody(byte[].class),
                                RequestContext.of(exchange).routeCaller()));
                        answer(exchange, callback);
                        return false;
                    }
                });
            }
        });
        PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString("host.yaml", """
                - route:
                    id: classify
                    from:
                      uri: direct:classify
                      steps:
                        - to:
                            uri: kamelet:one-llm-api-chat
                            parameters:
                              model: gpt-4o
                              system: "RAW(Answer with one word: billing & accounts, or (other))"
                              temperature: 0.1
                              maxTokens: 5
                - route:
                    id: guarded
                    from:
                      uri: direct:guarded
                      steps:
                        - doTry:
                            steps:
                              - to: "kamelet:one-llm-api-chat?model=gpt-4o&key=sk-one-test&output=json"
                            doCatch:
                              - exception: [dev.onellmapi.OneLlmApiException]
                                onWhen:
                                  simple: "${exception.status} == 429"
                                steps:
                                  - setBody:
                                      simple: "later: ${exception.code} after ${exception.retryAfterSeconds}s"
                - route:
                    id: streamed
                    from:
                      uri: direct:streamed
                      steps:
                        - to: "kamelet:one-llm-api-chat?model=gpt-4o&stream=true"
                        - split:
                            simple: "${body}"
                            streaming: true
                            steps:
                              - to: seda:deltas
                """));
        camel.start();
    }

    @AfterEach
    void stop() throws Exception {
        camel.close();
    }

    /** Answers on a thread of its own, as the gateway's event loops do. */
    private void answer(Exchange exchange, AsyncCallback callback) {
        Thread gatewayThread = new Thread(() -> {
            RouteCaller caller = RequestContext.of(exchange).routeCaller();
            if ("sk-one-test".equals(caller.key())) {
                exchange.setException(new ApiError(429, "requests", "rate_limit_exceeded", null, "slow down", "7"));
            } else if (caller.stream() != null) {
                caller.stream().send(chunk("gpt-4o", "bill"));
                caller.stream().send(chunk("gpt-4o", "ing"));
                STREAM_GATE.join(); // the rest of the answer waits until the test has seen the first delta
                caller.stream().send(chunk("gpt-4o", "!"));
                caller.stream().finish();
            } else {
                exchange.getMessage().setBody(completion("gpt-4o", "billing").getBytes());
            }
            callback.done(false);
        }, "stand-in-event-loop");
        gatewayThread.start();
    }

    private static final CompletableFuture<Void> STREAM_GATE = new CompletableFuture<>();

    @Test
    void thePropertiesReachTheGatewayAsAChatRequestAndTheAnswerComesBackAsText() throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:where").to("direct:classify").process(e -> answeredOn = Thread.currentThread().getName());
            }
        });
        assertEquals("billing", camel.createProducerTemplate().requestBody("direct:where", "My invoice is wrong"));
        Call call = calls.poll(5, TimeUnit.SECONDS);
        var request = Json.parse(call.request());
        assertEquals("gpt-4o", request.get("model").asText());
        assertEquals("Answer with one word: billing & accounts, or (other)", request.at("/messages/0/content").asText());
        assertEquals("My invoice is wrong", request.at("/messages/1/content").asText());
        assertEquals("0.1", request.get("temperature").decimalValue().toPlainString());
        assertEquals(5, request.get("max_tokens").asInt());
        RouteCaller caller = call.caller();
        assertEquals("classify", caller.routeId(), "the route that uses the Kamelet, not the Kamelet's own");
        assertEquals("route:classify", caller.masterKeyId());
        assertEquals(null, caller.key());
        assertNotEquals("stand-in-event-loop", answeredOn, "the route went on on the thread that answered");
    }

    @Test
    void aRefusalIsAOneLlmApiExceptionTheRouteCatchesByStatus() {
        assertEquals("later: rate_limit_exceeded after 7s",
                camel.createProducerTemplate().requestBody("direct:guarded", "hi"));
        assertEquals("sk-one-test", calls.peek().caller().key());
    }

    @Test
    void aStreamIsSplitAsItArrives() throws Exception {
        CompletableFuture<Object> done = camel.createProducerTemplate().asyncSendBody("direct:streamed", "hi");
        var deltas = camel.createConsumerTemplate();
        // the splitter looks one element ahead: the first delta moves on once the second is in
        assertEquals("bill", deltas.receiveBody("seda:deltas", 10_000), "the first delta before the rest was sent");
        STREAM_GATE.complete(null);
        assertEquals("ing", deltas.receiveBody("seda:deltas", 10_000));
        assertEquals("!", deltas.receiveBody("seda:deltas", 10_000));
        done.get(10, TimeUnit.SECONDS);
        assertTrue(done.isDone());
    }

    @Test
    void theGatewaysStateStaysOffTheRoutesExchange() {
        Exchange result = camel.createProducerTemplate().request("direct:classify",
                e -> e.getMessage().setBody("hi"));
        assertNull(RequestContext.of(result).routeCaller()); // the call's context stayed on its own exchange
        assertEquals(List.of(), List.copyOf(result.getMessage().getHeaders().keySet()).stream()
                .filter(h -> h.startsWith("oneLlmApi")).toList());
        assertEquals(Map.of(), Map.copyOf(result.getProperties()).entrySet().stream()
                .filter(e -> e.getKey().startsWith("oneLlmApi")).collect(java.util.stream.Collectors.toMap(
                        Map.Entry::getKey, Map.Entry::getValue)));
    }
}

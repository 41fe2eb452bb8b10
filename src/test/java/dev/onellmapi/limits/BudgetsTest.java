package dev.onellmapi.limits;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.Json;
import dev.onellmapi.testing.AdminClient;
import dev.onellmapi.testing.Burst;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.GatewayWithFake;
import dev.onellmapi.testing.OpenAiLike;
import dev.onellmapi.testing.SseClient;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.EventNotifier;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.SynchronizationAdapter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Budgets and the token limit against what a careless or hostile client sends: a model without a price, a burst of
 * concurrent requests and streams, a prompt hidden in {@code functions}. A real gateway (H2) and a fake OpenAI over
 * HTTP that holds its answers until the test has seen every request admitted or refused.
 */
class BudgetsTest {
    @RegisterExtension
    static final GatewayWithFake FX = new GatewayWithFake(fake -> Map.of("openai.api-key", "sk-upstream",
            "openai.api-base", fake.baseUrl() + "/v1", "gateway.pricing-file", pricingFile()));

    AdminClient admin;

    static String pricingFile() {
        try {
            Path file = Files.createTempFile("prices", ".yaml");
            file.toFile().deleteOnExit();
            Files.writeString(file, "gpt-operator-priced: {input: 1.00, output: 2.00}\n");
            return file.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeEach
    void setUp() {
        admin = new AdminClient(FX.gateway());
    }

    HttpResponse<String> chat(String key, String body) throws Exception {
        return SseClient.post(FX.chatUrl(), key, body);
    }

    static String body(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"max_tokens\":1000,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
    }

    // ---- finding 4: a model without a price ----

    @Test
    void aKeyWithABudgetIsRefusedAModelWithoutAPriceUnlessTheOperatorPricedIt() throws Exception {
        FX.fake().on("/v1/chat/completions", OpenAiLike.answer("Hi", 10, 10, 0));
        String budgeted = admin.createKey("{\"max_budget_usd\": 0.0001}").get("key").asText();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> refused = chat(budgeted, body("gpt-unpriced-x", false));
            assertEquals(403, refused.statusCode(), refused.body());
            JsonNode error = Json.parse(refused.body()).get("error");
            assertEquals("model_not_priced", error.get("code").asText());
            assertEquals("invalid_request_error", error.get("type").asText());
            assertEquals("model", error.get("param").asText());
            assertTrue(error.get("message").asText().contains("'gpt-unpriced-x'"), error.toString());
            assertTrue(error.get("message").asText().contains("no price"), error.toString());
        }
        assertEquals(0, FX.fake().requests().size(), "nothing reached the provider");
        // one unpriced model of a multi-model request is enough
        assertEquals(403, chat(budgeted, body("gpt-4o,gpt-unpriced-x", false)).statusCode());
        // priced by the operator: spends, and the budget holds
        assertEquals(200, chat(budgeted, body("gpt-operator-priced", false)).statusCode());
        assertEquals(200, chat(budgeted, body("gpt-operator-priced", false)).statusCode()); // $0.00003 each
        // a key without a budget may still use an unpriced model (its cost_usd is null)
        String free = admin.createKey("{}").get("key").asText();
        assertEquals(200, chat(free, body("gpt-unpriced-x", false)).statusCode());
    }

    /**
     * A client that has its answer finds that answer's cost, not its hold, even when the exchange that answered has
     * not completed yet: each request's hold (1000 tokens of answer, $0.002) is far over the budget ($0.0001), its
     * cost ($0.00003) under it. The first request's exchange is kept from completing until the second, sent on
     * another connection (so on the other event loop), was answered: a hold given back only when the exchange
     * completes made that second request a 429, as it did now and then when the loops raced.
     */
    @Test
    void aClientThatHasItsAnswerFindsItsCostNotItsHold() throws Exception {
        FX.fake().on("/v1/chat/completions", OpenAiLike.answer("Hi", 10, 10, 0));
        String key = admin.createKey("{\"max_budget_usd\": 0.0001}").get("key").asText();
        CountDownLatch secondAnswered = new CountDownLatch(1);
        AtomicBoolean held = new AtomicBoolean();
        EventNotifier holdFirstCompletion = new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                ((CamelEvent.ExchangeCreatedEvent) event).getExchange().getExchangeExtension()
                        .addOnCompletion(new SynchronizationAdapter() {
                            @Override
                            public void onDone(Exchange done) {
                                if ("chat-completions".equals(done.getFromRouteId()) && held.compareAndSet(false, true)) {
                                    await(secondAnswered);
                                }
                            }

                            @Override
                            public int getOrder() {
                                return HIGHEST; // before every other completion, the hold's release among them
                            }
                        });
            }

            @Override
            public boolean isEnabled(CamelEvent event) {
                return event instanceof CamelEvent.ExchangeCreatedEvent;
            }
        };
        CamelContext camel = FX.gateway().main().getCamelContext();
        camel.getManagementStrategy().addEventNotifier(holdFirstCompletion);
        String body = body("gpt-operator-priced", false);
        try {
            assertEquals(200, SseClient.postOnNewConnection(FX.chatUrl(), key, body).statusCode());
            HttpResponse<String> second = SseClient.postOnNewConnection(FX.chatUrl(), key, body);
            secondAnswered.countDown();
            assertEquals(200, second.statusCode(), second.body());
            assertTrue(held.get(), "the first exchange was held");
        } finally {
            secondAnswered.countDown();
            camel.getManagementStrategy().removeEventNotifier(holdFirstCompletion);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- finding 6: concurrency against a budget ----

    @Test
    void twoHundredConcurrentRequestsStayNearTheBudget() throws Exception {
        assertBurstBounded(false);
    }

    @Test
    void twoHundredConcurrentStreamsStayNearTheBudget() throws Exception {
        assertBurstBounded(true);
    }

    /**
     * $0.05 at $0.0125 a request (gpt-4o, 1000 + 1000 tokens): 4 fit. The provider holds every answer until each of
     * the 200 requests was refused or reached it, so they are all in flight together.
     */
    private void assertBurstBounded(boolean stream) throws Exception {
        FakeProvider.Answer answer = stream
                ? OpenAiLike.stream(List.of("Hi", " there"), 1000, 1000, 0)
                : OpenAiLike.answer("Hi", 1000, 1000, 0);
        ObjectNode made = admin.createKey("{\"max_budget_usd\": 0.05}");
        Burst burst = Burst.held(FX.fake(), answer, 200, () -> chat(made.get("key").asText(), body("gpt-4o", stream)));
        int admitted = burst.statuses().get(200);
        assertEquals(200, admitted + burst.statuses().get(429), burst.statuses().toString());
        assertTrue(admitted >= 1 && admitted <= 4 + 2, "admitted " + admitted + " of 200 against a budget for 4");
        JsonNode key = admin.get("/admin/keys/" + made.get("id").asText()).json();
        assertTrue(key.get("spend_usd").decimalValue().doubleValue() <= 0.05 + 2 * 0.0125, key.toString());
    }

    // ---- finding 5: the token limit counts what a provider bills ----

    @Test
    void aPromptInFunctionsCountsAgainstTheTokenLimit() throws Exception {
        StringBuilder description = new StringBuilder();
        for (int i = 0; i < 1400; i++) {
            description.append("alpha beta gamma delta epsilon zeta eta theta iota kappa ");
        }
        String body = "{\"model\":\"gpt-4o\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
                + "\"functions\":[{\"name\":\"f\",\"description\":\"" + description + "\","
                + "\"parameters\":{\"type\":\"object\",\"properties\":{}}}]}";
        String key = admin.createKey("{\"tpm_limit\": 20000}").get("key").asText();
        SharedLimitsTest.freshMinute();
        Burst burst = Burst.held(FX.fake(), OpenAiLike.answer("Hi", 14_000, 10, 0), 50, () -> chat(key, body));
        int admitted = burst.statuses().get(200);
        assertEquals(50, admitted + burst.statuses().get(429), burst.statuses().toString());
        assertTrue(admitted >= 1 && admitted <= 2, "admitted " + admitted + " of 50 prompts of ~14k tokens "
                + "against 20k a minute");
    }
}

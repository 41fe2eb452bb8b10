package dev.onellmapi.reload;

import com.fasterxml.jackson.databind.JsonNode;
import dev.onellmapi.testing.AdminClient;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.GatewayProcess;
import dev.onellmapi.testing.RunningGateway;
import dev.onellmapi.testing.SseClient;
import dev.onellmapi.wire.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static dev.onellmapi.testing.FakeProvider.data;
import static dev.onellmapi.testing.OpenAiFixtures.chatBody;
import static dev.onellmapi.testing.OpenAiFixtures.chunk;
import static dev.onellmapi.testing.OpenAiFixtures.completion;
import static dev.onellmapi.testing.OpenAiFixtures.finalChunk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CONFIG_RELOAD as an operator uses it: the gateway runs as a process started from a directory of its own, with its
 * own application.properties and PRICING_FILE, and the test edits those files while it serves. Each edit is awaited
 * through {@code /observe/health}'s configuration version (or its refusal), never by a fixed wait.
 */
class ConfigReloadTest {
    /** With the checks' data: the configuration's version, when it was loaded, a refused edit. */
    private static final String HEALTH = "/observe/health?data=true";
    /** Holds a stream's rest back until the test lets it go on: a new gate for each stream. */
    private static final AtomicReference<CountDownLatch> STREAM_REST = new AtomicReference<>(new CountDownLatch(0));
    private static FakeProvider openai;
    private static FakeProvider local;
    private static Path directory;
    private static Path properties;
    private static Path prices;
    private static GatewayProcess gateway;
    private static AdminClient management;
    private static AdminClient admin;

    @BeforeAll
    static void start() throws Exception {
        openai = new FakeProvider();
        openai.on("/v1/chat/completions", (request, exchange) -> {
            JsonNode body = Json.parse(request.body());
            if (!body.path("stream").asBoolean()) {
                FakeProvider.json(200, completion("gpt-4o", "openai says hi")).write(request, exchange);
                return;
            }
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(data(chunk("gpt-4o", "before ")).getBytes(StandardCharsets.UTF_8));
                out.flush();
                STREAM_REST.get().await(60, TimeUnit.SECONDS); // the test lets it go on once the edit is in force
                out.write((data(chunk("gpt-4o", "and after")) + data(finalChunk("gpt-4o")) + "data: [DONE]\n\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
        });
        local = new FakeProvider();
        local.on("/v1/chat/completions", FakeProvider.json(200, completion("llama-3", "local says hi")));
        directory = Files.createTempDirectory("gateway-reload");
        properties = directory.resolve("application.properties");
        Files.copy(Path.of("application.properties"), properties); // the project's, as an operator starts from
        prices = Files.writeString(directory.resolve("prices.yaml"), "gpt-4o: {input: 1.00, output: 2.00}\n");
        gateway = GatewayProcess.startIn(directory, Map.of("CONFIG_RELOAD", "true", "OPENAI_API_KEY", "sk-openai",
                "OPENAI_API_BASE", openai.baseUrl() + "/v1", "PRICING_FILE", prices.toString()));
        management = new AdminClient(gateway.managementUrl(), null);
        admin = new AdminClient(gateway.baseUrl(), RunningGateway.KEY);
    }

    @AfterAll
    static void stop() throws Exception {
        STREAM_REST.get().countDown();
        if (gateway != null) {
            gateway.close();
        }
        openai.close();
        local.close();
    }

    private static HttpResponse<String> chat(String model) throws Exception {
        return SseClient.post(gateway.chatUrl(), RunningGateway.KEY, chatBody(model, false));
    }

    /** The configuration check of /observe/health. */
    private static JsonNode configuration(JsonNode health) {
        for (JsonNode check : health.path("checks")) {
            if (check.path("name").asText().equals("configuration")) {
                return check;
            }
        }
        throw new AssertionError("no configuration check in " + health);
    }

    private static long version() throws Exception {
        return configuration(management.get(HEALTH).json()).at("/data/config_version").asLong();
    }

    private static JsonNode awaitVersion(long version) throws Exception {
        return configuration(management.await(HEALTH,
                health -> configuration(health).at("/data/config_version").asLong() >= version));
    }

    private static void append(Path file, String lines) throws Exception {
        Files.writeString(file, lines, StandardOpenOption.APPEND);
    }

    @Test
    void anAddedProviderAndAliasAreServedWhileAStreamStartedBeforeFinishesWhole() throws Exception {
        assertEquals(404, chat("fast").statusCode());
        CountDownLatch rest = new CountDownLatch(1);
        SseClient.Stream stream = heldStream(rest);
        long before = version();
        String original = Files.readString(properties);
        try {
            append(properties, "\ngateway.providers.local.type = openai\n"
                    + "gateway.providers.local.api-base = " + local.baseUrl() + "/v1\n"
                    + "gateway.providers.local.api-keys = sk-local-one\n"
                    + "gateway.providers.local.models = llama-*\n"
                    + "gateway.aliases.fast = llama-3\n");
            JsonNode check = awaitVersion(before + 1);
            assertTrue(check.at("/data/config_loaded_at").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"),
                    check.toString());
            assertTrue(check.path("message").asText().startsWith("version " + (before + 1) + " loaded at "),
                    check.toString());
            HttpResponse<String> served = chat("fast");
            assertEquals(200, served.statusCode(), served.body());
            assertEquals("local says hi", Json.parse(served.body()).at("/choices/0/message/content").asText());
            assertEquals("Bearer sk-local-one", local.requests().get(0).headers().get("Authorization").get(0));
            // the stream began before the edit and is still open: it goes on to its end
            rest.countDown();
            assertWhole(stream);
        } finally {
            Files.writeString(properties, original);
        }
        awaitVersion(before + 2); // the provider taken out again
        assertEquals(404, chat("fast").statusCode());
    }

    /** A gpt-4o stream whose first chunk has come; the rest waits for {@code rest}. */
    private static SseClient.Stream heldStream(CountDownLatch rest) throws Exception {
        STREAM_REST.set(rest);
        SseClient.Stream stream = SseClient.stream(gateway.chatUrl(), RunningGateway.KEY, chatBody("gpt-4o", true));
        assertTrue(stream.next().contains("before "));
        return stream;
    }

    private static void assertWhole(SseClient.Stream stream) throws Exception {
        List<String> rest = stream.rest();
        assertEquals("[DONE]", rest.get(rest.size() - 1), rest.toString());
        assertTrue(rest.get(0).contains("and after"), rest.toString());
    }

    @Test
    void anEditedPriceIsTheLedgersNextCostAndAStreamInFlightKeepsItsOwn() throws Exception {
        assertEquals(200, chat("gpt-4o").statusCode());
        // 5 prompt and 7 completion tokens at 1.00 and 2.00 per million
        assertEquals(0, new BigDecimal("0.000019").compareTo(cost(newestRow(false))));
        CountDownLatch rest = new CountDownLatch(1);
        SseClient.Stream stream = heldStream(rest);
        long before = version();
        Files.writeString(prices, "gpt-4o: {input: 10.00, output: 20.00}\n");
        awaitVersion(before + 1);
        rest.countDown();
        assertWhole(stream);
        assertEquals(200, chat("gpt-4o").statusCode());
        assertEquals(0, new BigDecimal("0.00019").compareTo(cost(newestRow(false))));
        // the stream began under the old prices: its row is priced at them
        JsonNode streamed = newestRow(true);
        BigDecimal old = BigDecimal.valueOf(streamed.path("prompt_tokens").asLong())
                .add(BigDecimal.valueOf(2 * streamed.path("completion_tokens").asLong())).movePointLeft(6);
        assertEquals(0, old.compareTo(cost(streamed)), streamed.toString());
    }

    private static BigDecimal cost(JsonNode row) {
        return new BigDecimal(row.path("cost_usd").asText());
    }

    /** The newest gpt-4o row, streamed or not, once the ledger has a row for each such call the fake answered. */
    private static JsonNode newestRow(boolean streamed) throws Exception {
        long calls = openai.requests().stream().filter(r -> r.body().contains("\"stream\":true") == streamed).count();
        JsonNode rows = admin.await("/admin/requests?model=gpt-4o&limit=100", list -> {
            long found = 0;
            for (JsonNode row : list.path("data")) {
                found += row.path("stream").asBoolean() == streamed ? 1 : 0;
            }
            return found >= calls;
        });
        for (JsonNode row : rows.path("data")) {
            if (row.path("stream").asBoolean() == streamed) {
                return row;
            }
        }
        throw new AssertionError("no such row in " + rows);
    }

    @Test
    void aBrokenEditIsRefusedNamingThePropertyAndTheConfigurationInForceServes() throws Exception {
        long before = version();
        String original = Files.readString(properties);
        try {
            append(properties, "\ngateway.providers.broken.type = openai\n"
                    + "gateway.providers.broken.api-base = not-a-url\n"
                    + "gateway.providers.broken.api-keys = sk-broken\n");
            JsonNode refused = configuration(management.await(HEALTH,
                    health -> configuration(health).at("/data/config_edit_refused").isTextual()));
            String reason = refused.at("/data/config_edit_refused").asText();
            assertTrue(reason.startsWith("gateway.providers.broken.api-base: "), reason);
            assertEquals(before, refused.at("/data/config_version").asLong());
            assertTrue(gateway.output().contains("is refused, configuration " + before + " keeps serving: "
                    + "gateway.providers.broken.api-base"), gateway.output());
            assertEquals(200, chat("gpt-4o").statusCode());
        } finally {
            Files.writeString(properties, original);
        }
        JsonNode mended = awaitVersion(before + 1);
        assertFalse(mended.at("/data/config_edit_refused").isTextual(), mended.toString());
        assertEquals(200, chat("gpt-4o").statusCode());
    }
}

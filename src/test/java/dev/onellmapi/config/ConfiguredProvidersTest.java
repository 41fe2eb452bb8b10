package dev.onellmapi.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.onellmapi.wire.Json;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.RunningGateway;
import dev.onellmapi.testing.SseClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;

import static dev.onellmapi.testing.FakeProvider.data;
import static dev.onellmapi.testing.OpenAiFixtures.chatBody;
import static dev.onellmapi.testing.OpenAiFixtures.chunk;
import static dev.onellmapi.testing.OpenAiFixtures.completion;
import static dev.onellmapi.testing.OpenAiFixtures.finalChunk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two OpenAI-compatible servers configured by properties alone (a Groq-like one with a key, headers and overrides;
 * a local one without key) beside the built-in OpenAI, each a fake server over HTTP: patterns, {@code <name>/<model>},
 * aliases, streams, multi-model requests across a configured and a built-in provider, fallbacks to a configured one,
 * and their model lists.
 */
class ConfiguredProvidersTest {
    private static FakeProvider groq;
    private static FakeProvider local;
    private static FakeProvider openai;
    private static RunningGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        groq = new FakeProvider();
        local = new FakeProvider();
        openai = new FakeProvider();
        gateway = RunningGateway.start(Map.ofEntries(
                Map.entry("openai.api-key", "sk-openai-builtin"),
                Map.entry("openai.api-base", openai.baseUrl() + "/v1"),
                Map.entry("gateway.providers.groq.type", "openai"),
                Map.entry("gateway.providers.groq.api-base", groq.baseUrl() + "/openai/v1"),
                Map.entry("gateway.providers.groq.api-keys", "gsk-groq-key-1"),
                Map.entry("gateway.providers.groq.models", "llama-3*,mixtral-*"),
                Map.entry("gateway.providers.groq.headers", "X-Title=one-llm-api;HTTP-Referer=https://example.com"),
                Map.entry("gateway.providers.groq.drop-params", "logprobs,seed"),
                Map.entry("gateway.providers.groq.default-max-tokens", "256"),
                Map.entry("gateway.providers.local.type", "openai"),
                Map.entry("gateway.providers.local.api-base", local.baseUrl() + "/v1"),
                Map.entry("gateway.providers.local.models", "qwen*,gpt-oss-*,meta-llama/*"),
                Map.entry("gateway.aliases.fast", "groq/llama-3.1-8b-instant"),
                Map.entry("gateway.aliases.home", "local/qwen2.5:7b"),
                Map.entry("gateway.model-fallbacks", "gpt-4o=fast"),
                Map.entry("gateway.models-cache-seconds", "0")));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        groq.close();
        local.close();
        openai.close();
    }

    @BeforeEach
    void script() {
        for (FakeProvider fake : List.of(groq, local, openai)) {
            fake.reset();
            String who = fake == groq ? "groq" : fake == local ? "local" : "openai";
            fake.on("/", (request, exchange) -> {
                String model = Json.parse(request.body()).path("model").asText();
                (request.body().contains("\"stream\":true")
                        ? FakeProvider.sse(List.of(data(chunk(model, "from ")), data(chunk(model, who)),
                        data(finalChunk(model)), "data: [DONE]\n\n"))
                        : FakeProvider.json(200, completion(model, "from " + who))).write(request, exchange);
            });
        }
    }

    private static ChatCompletion ask(String model) {
        return gateway.sdk().chat().completions().create(ChatCompletionCreateParams.builder().model(model)
                .addUserMessage("Hello").build());
    }

    private static String content(ChatCompletion answer) {
        return answer.choices().get(0).message().content().orElse("");
    }

    @Test
    void patternsReachTheirProviderWithItsKeyAndHeaders() throws Exception {
        assertEquals("from groq", content(ask("llama-3.1-70b-versatile")));
        FakeProvider.Request sent = groq.lastRequest();
        assertEquals("/openai/v1/chat/completions", sent.pathAndQuery());
        assertEquals("Bearer gsk-groq-key-1", sent.header("Authorization"));
        assertEquals("one-llm-api", sent.header("X-Title"));
        assertEquals("https://example.com", sent.header("HTTP-Referer"));

        assertEquals("from local", content(ask("qwen2.5:7b")));
        assertNull(local.lastRequest().header("Authorization"), "a server without key gets no Authorization");
        assertNull(local.lastRequest().header("X-Title"), "headers are the provider's own");

        assertEquals("from local", content(ask("gpt-oss-20b")), "configured patterns before OpenAI's gpt-*");
        assertEquals("from openai", content(ask("gpt-4o-mini")), "the built-in patterns still apply");
        assertEquals("Bearer sk-openai-builtin", openai.lastRequest().header("Authorization"));
    }

    @Test
    void aPrefixAlwaysReachesThatProviderWithoutIt() throws Exception {
        assertEquals("from local", content(ask("local/llama-3-8b")), "the prefix beats groq's llama-3*");
        assertEquals("llama-3-8b", Json.parse(local.lastRequest().body()).path("model").asText());
        assertEquals("from groq", content(ask("groq/whisper-large-v3")), "a name no pattern of groq's covers");
        assertEquals("from openai", content(ask("openai/llama-3-8b")));
        assertEquals("from local", content(ask("meta-llama/Llama-3-8B")), "a prefix that names no provider is "
                + "part of the name (vLLM's model names)");
        assertEquals("meta-llama/Llama-3-8B", Json.parse(local.lastRequest().body()).path("model").asText());
        HttpResponse<String> unknown;
        unknown = SseClient.post(gateway.baseUrl() + "/v1/chat/completions", RunningGateway.KEY,
                chatBody("mistral-large", false));
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.body().contains("model_not_found"), unknown.body());
    }

    @Test
    void anAliasStandsForItsModel() throws Exception {
        assertEquals("from groq", content(ask("fast")));
        assertEquals("llama-3.1-8b-instant", Json.parse(groq.lastRequest().body()).path("model").asText());
        assertEquals("from local", content(ask("home")));
        assertEquals("qwen2.5:7b", Json.parse(local.lastRequest().body()).path("model").asText());
    }

    @Test
    void theProvidersOverridesApplyToItsRequestsOnly() throws Exception {
        String body = "{\"model\":\"fast\",\"seed\":7,\"logprobs\":true,\"temperature\":0.5,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
        assertEquals(200, SseClient.post(gateway.baseUrl() + "/v1/chat/completions", RunningGateway.KEY, body)
                .statusCode());
        JsonNode sent = Json.parse(groq.lastRequest().body());
        assertFalse(sent.has("seed"), sent.toString());
        assertFalse(sent.has("logprobs"), sent.toString());
        assertEquals(0.5, sent.path("temperature").asDouble());
        assertEquals(256, sent.path("max_tokens").asInt(), "the provider's default max_tokens");

        SseClient.post(gateway.baseUrl() + "/v1/chat/completions", RunningGateway.KEY,
                body.replace("\"seed\":7", "\"max_tokens\":9"));
        assertEquals(9, Json.parse(groq.lastRequest().body()).path("max_tokens").asInt(), "the client's wins");

        SseClient.post(gateway.baseUrl() + "/v1/chat/completions", RunningGateway.KEY,
                body.replace("fast", "gpt-4o-mini"));
        JsonNode toOpenAi = Json.parse(openai.lastRequest().body());
        assertEquals(7, toOpenAi.path("seed").asInt(), "OpenAI gets the request as sent");
        assertFalse(toOpenAi.has("max_tokens"));
    }

    @Test
    void aStreamOfAConfiguredProviderArrivesAsItIsSent() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        groq.on("/", FakeProvider.sse(List.of(data(chunk("llama-3.1-8b-instant", "first"))), gate,
                List.of(data(chunk("llama-3.1-8b-instant", " second")), data(finalChunk("llama-3.1-8b-instant")),
                        "data: [DONE]\n\n")));
        SseClient.Stream stream = SseClient.stream(gateway.baseUrl() + "/v1/chat/completions", RunningGateway.KEY,
                chatBody("fast", true));
        String first = stream.next();
        assertNotNull(first, "the first chunk came while the provider still held the rest");
        assertTrue(first.contains("\"first\""), first);
        gate.countDown();
        List<String> rest = stream.rest();
        assertTrue(rest.get(0).contains(" second"), rest.toString());
        assertEquals("[DONE]", rest.get(rest.size() - 1));
        assertEquals("text/event-stream", groq.lastRequest().header("Accept"));
    }

    @Test
    void oneRequestAcrossAConfiguredAndABuiltInProvider() throws Exception {
        ChatCompletion both = ask("fast,gpt-4o-mini");
        assertEquals(2, both.choices().size());
        assertEquals("from groq", both.choices().get(0).message().content().orElse(""));
        assertEquals("from openai", both.choices().get(1).message().content().orElse(""));

        Map<Long, StringBuilder> text = new TreeMap<>();
        Map<Long, String> models = new TreeMap<>();
        try (StreamResponse<ChatCompletionChunk> stream = gateway.sdk().chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("home,fast,gpt-4o-mini").addUserMessage("Hi").build())) {
            stream.stream().forEach(c -> c.choices().forEach(ch -> {
                text.computeIfAbsent(ch.index(), k -> new StringBuilder()).append(ch.delta().content().orElse(""));
                models.put(ch.index(), c.model());
            }));
        }
        assertEquals("from local", text.get(0L).toString());
        assertEquals("from groq", text.get(1L).toString());
        assertEquals("from openai", text.get(2L).toString());
        assertEquals(Map.of(0L, "home", 1L, "fast", 2L, "gpt-4o-mini"), models, "tagged with the names asked for");
    }

    @Test
    void aFailingBuiltInModelFallsBackToAConfiguredProvider() throws Exception {
        openai.on("/", FakeProvider.json(503, "{\"error\":{\"message\":\"overloaded\"}}"));
        assertEquals("from groq", content(ask("gpt-4o")));
        assertEquals("llama-3.1-8b-instant", Json.parse(groq.lastRequest().body()).path("model").asText());
        assertEquals(1, openai.requests().size());
    }

    @Test
    void theModelListHasEachConfiguredProvidersListAndTheAliases() throws Exception {
        groq.on("/openai/v1/models", FakeProvider.json(200, "{\"object\":\"list\",\"data\":["
                + "{\"id\":\"llama-3.1-8b-instant\",\"object\":\"model\",\"owned_by\":\"Meta\"},"
                + "{\"id\":\"whisper-large-v3\",\"object\":\"model\",\"owned_by\":\"OpenAI\"}]}"));
        openai.on("/v1/models", FakeProvider.json(200, "{\"object\":\"list\",\"data\":["
                + "{\"id\":\"gpt-4o\",\"object\":\"model\",\"owned_by\":\"openai\"}]}"));
        // local has no list: nothing scripted, a 404
        HttpResponse<String> r = SseClient.get(gateway.baseUrl() + "/v1/models", RunningGateway.KEY);
        assertEquals(200, r.statusCode(), r.body());
        Map<String, String> owners = new TreeMap<>();
        Json.parse(r.body()).path("data").forEach(m -> owners.put(m.path("id").asText(), m.path("owned_by")
                .asText()));
        assertEquals(Map.of("gpt-4o", "openai", "llama-3.1-8b-instant", "groq", "groq/whisper-large-v3", "groq",
                "fast", "groq", "home", "local"), owners, "listed under names that reach them: " + r.body());
        assertEquals("Bearer gsk-groq-key-1", groq.lastRequest().header("Authorization"));
        List<String> paths = new ArrayList<>();
        local.requests().forEach(q -> paths.add(q.pathAndQuery()));
        assertEquals(List.of("/v1/models"), paths, "asked, and left out when it has no list");
    }
}

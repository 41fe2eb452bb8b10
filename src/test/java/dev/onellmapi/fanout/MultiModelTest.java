package dev.onellmapi.fanout;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
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
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Several models in one request: OpenAI and Azure fakes answer per model name. */
class MultiModelTest {
    static FakeProvider openai;
    static FakeProvider azure;
    static RunningGateway gateway;
    static OpenAIClient sdk;
    static String url;

    @BeforeAll
    static void start() throws Exception {
        openai = new FakeProvider();
        azure = new FakeProvider();
        gateway = RunningGateway.start(Map.of(
                "openai.api-key", "sk-up", "openai.api-base", openai.baseUrl() + "/v1",
                "azure.api-keys", "res:key", "azure.deployments", "azure-dep",
                "azure.api-base", azure.baseUrl() + "/{resource}",
                "gateway.max-models-per-request", "3"));
        sdk = gateway.sdk();
        url = gateway.baseUrl() + "/v1/chat/completions";
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        openai.close();
        azure.close();
    }

    @BeforeEach
    void reset() {
        openai.reset();
        azure.reset();
    }

    /** OpenAI's fake answers each model with its own text: "answer of <model>". */
    private static void openAiAnswersByModel() {
        openai.on("/v1/chat/completions", (request, exchange) -> {
            String model = Json.parse(request.body()).path("model").asText();
            boolean stream = Json.parse(request.body()).path("stream").asBoolean();
            (stream ? FakeProvider.sse(List.of(data(chunk(model, "answer of ")), data(chunk(model, model)),
                    data(finalChunk(model)), "data: [DONE]\n\n"))
                    : FakeProvider.json(200, completion(model, "answer of " + model))).write(request, exchange);
        });
    }

    /**
     * Answers longer than Jackson's default string cap (20 M characters) but within UPSTREAM_MAX_RESPONSE_BYTES are
     * merged; one over the limit fails its own model only (the request used to be a 500 with a stack trace).
     */
    @Test
    void aLongAnswerIsMergedAndAnOversizedOneFailsOnlyItsModel() throws Exception {
        String longText = "x".repeat(21_000_000);
        String tooLong = "y".repeat(34_000_000); // over the default UPSTREAM_MAX_RESPONSE_BYTES, 32 MiB
        openai.on("/v1/chat/completions", (request, exchange) -> {
            String model = Json.parse(request.body()).path("model").asText();
            String text = model.equals("gpt-long") ? longText : model.equals("gpt-huge") ? tooLong : "short";
            FakeProvider.json(200, completion(model, text)).write(request, exchange);
        });
        HttpResponse<String> r = SseClient.post(url, RunningGateway.KEY, chatBody("gpt-long,gpt-huge,gpt-4o", false));
        assertEquals(200, r.statusCode(), r.body().length() > 500 ? r.body().substring(0, 500) : r.body());
        JsonNode choices = Json.parse(r.body()).path("choices");
        assertEquals(longText.length(), choices.path(0).path("message").path("content").asText().length());
        assertEquals("error", choices.path(1).path("finish_reason").asText());
        assertEquals("upstream_response_too_large", choices.path(1).path("error").path("code").asText());
        assertEquals("short", choices.path(2).path("message").path("content").asText());
    }

    @Test
    void threeModelsAnswerInOneCompletionInRequestOrderWithUsageSummed() throws Exception {
        openAiAnswersByModel();
        azure.on("/res/", FakeProvider.json(200, completion("gpt-4o", "answer of azure")));
        HttpResponse<String> r = SseClient.post(url, RunningGateway.KEY, chatBody("gpt-a, azure-dep,gpt-b", false));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode answer = Json.parse(r.body());
        assertEquals("gpt-a, azure-dep,gpt-b", answer.path("model").asText());
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            JsonNode choice = answer.path("choices").path(i);
            assertEquals(i, choice.path("index").asInt());
            texts.add(choice.path("model").asText() + "=" + choice.path("message").path("content").asText());
        }
        assertEquals(List.of("gpt-a=answer of gpt-a", "azure-dep=answer of azure", "gpt-b=answer of gpt-b"), texts);
        assertEquals(36, answer.path("usage").path("total_tokens").asInt());
        assertEquals(15, answer.path("usage").path("prompt_tokens").asInt());
    }

    @Test
    void sdkAccumulatesStreamedAnswersByIndexAndTheSameModelTwiceGivesTwoAnswers() {
        openAiAnswersByModel();
        Map<Long, StringBuilder> byIndex = new TreeMap<>();
        Map<Long, String> modelOf = new TreeMap<>();
        try (StreamResponse<ChatCompletionChunk> stream = sdk.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("gpt-a,gpt-b,gpt-a").addUserMessage("Hi").build())) {
            stream.stream().forEach(c -> c.choices().forEach(ch -> {
                byIndex.computeIfAbsent(ch.index(), k -> new StringBuilder()).append(ch.delta().content().orElse(""));
                modelOf.put(ch.index(), c.model());
            }));
        }
        assertEquals("answer of gpt-a", byIndex.get(0L).toString());
        assertEquals("answer of gpt-b", byIndex.get(1L).toString());
        assertEquals("answer of gpt-a", byIndex.get(2L).toString());
        assertEquals(Map.of(0L, "gpt-a", 1L, "gpt-b", 2L, "gpt-a"), modelOf);

        ChatCompletion merged = sdk.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gpt-a,gpt-b").addUserMessage("Hi").build());
        assertEquals("answer of gpt-b", merged.choices().get(1).message().content().orElseThrow());
    }

    @Test
    void aFastModelsWholeAnswerArrivesWhileASlowModelIsStillHeldBack() throws Exception {
        CountDownLatch slowGate = new CountDownLatch(1);
        openai.on("/v1/chat/completions", (request, exchange) -> {
            String model = Json.parse(request.body()).path("model").asText();
            if (model.equals("gpt-slow")) {
                FakeProvider.sse(List.of(data(chunk(model, "slow-1"))), slowGate,
                        List.of(data(chunk(model, "slow-2")), "data: [DONE]\n\n")).write(request, exchange);
            } else {
                FakeProvider.sse(List.of(data(chunk(model, "fast-1")), data(chunk(model, "fast-2")),
                        data(finalChunk(model)), "data: [DONE]\n\n")).write(request, exchange);
            }
        });
        SseClient.Stream s = SseClient.stream(url, RunningGateway.KEY, chatBody("gpt-slow,gpt-fast", true));
        List<String> fast = new ArrayList<>();
        while (fast.size() < 3) {
            String item = s.next();
            assertNotNull(item, "the fast model's chunks did not arrive while the slow one was held: " + fast);
            JsonNode chunk = Json.parse(item);
            if (chunk.path("model").asText().equals("gpt-fast")) {
                assertEquals(1, chunk.path("choices").path(0).path("index").asInt());
                fast.add(item);
            }
        }
        slowGate.countDown();
        List<String> rest = s.rest();
        assertEquals("[DONE]", rest.get(rest.size() - 1));
        assertEquals(1, rest.stream().filter("[DONE]"::equals).count());
        assertTrue(rest.stream().anyMatch(c -> c.contains("slow-2")));
    }

    @Test
    void oneFailingModelGetsAnErrorChoiceWhileTheOtherAnswers() throws Exception {
        openAiAnswersByModel();
        azure.on("/res/", FakeProvider.json(500, "{\"error\":{\"message\":\"boom\"}}"));
        HttpResponse<String> r = SseClient.post(url, RunningGateway.KEY, chatBody("gpt-a,azure-dep", false));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode failed = Json.parse(r.body()).path("choices").path(1);
        assertEquals("error", failed.path("finish_reason").asText());
        assertEquals(1, failed.path("index").asInt());
        assertTrue(failed.path("error").path("message").asText().contains("boom"));

        SseClient.Stream s = SseClient.stream(url, RunningGateway.KEY, chatBody("gpt-a,azure-dep", true));
        assertEquals(200, s.response.statusCode());
        List<String> all = s.rest();
        JsonNode errorChunk = all.stream().filter(c -> c.contains("\"finish_reason\":\"error\"")).map(c -> {
            try {
                return Json.parse(c);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).findFirst().orElseThrow(() -> new AssertionError(all.toString()));
        assertEquals("azure-dep", errorChunk.path("model").asText());
        assertEquals(1, errorChunk.path("choices").path(0).path("index").asInt());
        assertTrue(all.stream().anyMatch(c -> c.contains("answer of ")));
        assertEquals("[DONE]", all.get(all.size() - 1));
    }

    @Test
    void withIncludeUsageOneUsageChunkWithTheSumComesJustBeforeDone() throws Exception {
        openai.on("/v1/chat/completions", (request, exchange) -> {
            String model = Json.parse(request.body()).path("model").asText();
            FakeProvider.sse(List.of(data(chunk(model, "hi")), data(finalChunk(model)),
                    data("{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"" + model
                            + "-2024\",\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":"
                            + model.length() + ",\"total_tokens\":" + (1 + model.length())
                            + ",\"prompt_tokens_details\":{\"cached_tokens\":1}}}"), "data: [DONE]\n\n"))
                    .write(request, exchange);
        });
        SseClient.Stream s = SseClient.stream(url, RunningGateway.KEY, "{\"model\":\"gpt-a,gpt-bb\",\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        List<String> all = s.rest();
        assertEquals("[DONE]", all.get(all.size() - 1));
        List<String> withUsage = all.stream().filter(c -> !c.equals("[DONE]") && c.contains("\"usage\"")).toList();
        assertEquals(1, withUsage.size(), "one usage chunk for the whole request, as OpenAI sends: " + all);
        JsonNode usageChunk = Json.parse(all.get(all.size() - 2));
        assertEquals(withUsage.get(0), all.get(all.size() - 2), "the usage chunk is the last before [DONE]");
        assertEquals(0, usageChunk.path("choices").size());
        assertEquals("gpt-a,gpt-bb", usageChunk.path("model").asText());
        assertEquals(Json.parse("{\"prompt_tokens\":2,\"completion_tokens\":11,\"total_tokens\":13,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":2}}"), usageChunk.get("usage"));
        Map<String, Integer> perModel = new TreeMap<>();
        usageChunk.path("usage_per_model").forEach(m -> perModel.put(m.path("model").asText(),
                m.path("usage").path("completion_tokens").asInt()));
        assertEquals(Map.of("gpt-a", 5, "gpt-bb", 6), perModel);
    }

    @Test
    void whenEveryModelFailsTheRequestFails() throws Exception {
        openai.on("/v1/chat/completions", FakeProvider.json(503, "down"));
        azure.on("/res/", FakeProvider.json(500, "down"));
        assertEquals(502, SseClient.post(url, RunningGateway.KEY, chatBody("gpt-a,azure-dep", false)).statusCode());
        assertEquals(502, SseClient.post(url, RunningGateway.KEY, chatBody("gpt-a,azure-dep", true)).statusCode());
    }

    @Test
    void anUnknownNameOrTooManyNamesFailBeforeAnythingIsSent() throws Exception {
        openAiAnswersByModel();
        assertEquals(404, SseClient.post(url, RunningGateway.KEY, chatBody("gpt-a,who-knows", false)).statusCode());
        HttpResponse<String> tooMany = SseClient.post(url, RunningGateway.KEY, chatBody("gpt-a,gpt-b,gpt-c,gpt-d",
                false));
        assertEquals(400, tooMany.statusCode());
        assertTrue(tooMany.body().contains("MAX_MODELS_PER_REQUEST"));
        assertEquals(0, openai.requests().size());
    }
}

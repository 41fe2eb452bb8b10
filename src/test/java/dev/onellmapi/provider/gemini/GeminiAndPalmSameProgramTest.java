package dev.onellmapi.provider.gemini;

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
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.onellmapi.provider.gemini.GeminiFixtures.GENERATE;
import static dev.onellmapi.provider.gemini.GeminiFixtures.STREAM;
import static dev.onellmapi.provider.gemini.GeminiFixtures.answer;
import static dev.onellmapi.provider.gemini.GeminiFixtures.textEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The acceptance: one unchanged OpenAI-SDK program against gemini-1.5-flash, chat-bison-001, text-bison-001. */
class GeminiAndPalmSameProgramTest {
    static FakeProvider gemini;
    static FakeProvider palm;
    static RunningGateway gateway;
    static OpenAIClient sdk;

    @BeforeAll
    static void start() throws Exception {
        gemini = new FakeProvider();
        palm = new FakeProvider();
        gemini.on(GENERATE, FakeProvider.json(200, answer("Bonjour")));
        gemini.on(STREAM, FakeProvider.sse(List.of(textEvent("Bon", null, 3, 1), textEvent("jour", "STOP", 3, 2))));
        gemini.on("/v1beta/models", FakeProvider.json(200, "{\"models\":[{\"name\":\"models/gemini-1.5-flash\","
                + "\"supportedGenerationMethods\":[\"generateContent\"]}]}"));
        palm.on("/v1beta2/models/chat-bison-001:generateMessage", FakeProvider.json(200,
                "{\"candidates\":[{\"author\":\"1\",\"content\":\"Bonjour\"}]}"));
        palm.on("/v1beta2/models/text-bison-001:generateText", FakeProvider.json(200,
                "{\"candidates\":[{\"output\":\"Bonjour\"}]}"));
        gateway = RunningGateway.start(Map.of("gemini.api-key", "goog-key", "gemini.api-base", gemini.baseUrl(),
                "palm.api-key", "palm-key", "palm.api-base", palm.baseUrl()));
        sdk = gateway.sdk();
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        gemini.close();
        palm.close();
    }

    @Test
    void theSameProgramRunsAgainstEachModel() {
        for (String model : List.of("gemini-1.5-flash", "chat-bison-001", "text-bison-001")) {
            assertEquals("Bonjour", program(model, false), model);
            assertEquals("Bonjour", program(model, true), model);
        }
    }

    @Test
    void modelListHasGeminiAndPalm() {
        Set<String> ids = new HashSet<>();
        sdk.models().list().autoPager().forEach(m -> ids.add(m.id()));
        assertEquals(Set.of("gemini-1.5-flash", "chat-bison-001", "text-bison-001"), ids);
    }

    @Test
    void severalGoogleModelsInOneStream() throws Exception {
        List<String> all = SseClient.stream(gateway.baseUrl() + "/v1/chat/completions", RunningGateway.KEY,
                "{\"model\":\"gemini-1.5-flash,chat-bison-001\",\"stream\":true,\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"Say hello in French\"}]}").rest();
        assertEquals("[DONE]", all.get(all.size() - 1));
        StringBuilder[] text = {new StringBuilder(), new StringBuilder()};
        List<String> finishes = new ArrayList<>();
        for (String data : all.subList(0, all.size() - 1)) {
            for (JsonNode choice : Json.parse(data).path("choices")) {
                text[choice.path("index").asInt()].append(choice.path("delta").path("content").asText(""));
                if (!choice.path("finish_reason").isNull()) {
                    finishes.add(choice.path("index").asInt() + ":" + choice.path("finish_reason").asText());
                }
            }
        }
        assertEquals("Bonjour", text[0].toString());
        assertEquals("Bonjour", text[1].toString());
        assertTrue(finishes.containsAll(List.of("0:stop", "1:stop")) && finishes.size() == 2, finishes.toString());
    }

    /** What a client of the OpenAI API writes, with only the model name changing. */
    private static String program(String model, boolean stream) {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model(model)
                .addSystemMessage("You are a translator.").addUserMessage("Say hello in French")
                .temperature(0.2).maxCompletionTokens(64).build();
        if (!stream) {
            ChatCompletion completion = sdk.chat().completions().create(params);
            return completion.choices().get(0).message().content().orElseThrow();
        }
        StringBuilder text = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> chunks = sdk.chat().completions().createStreaming(params)) {
            chunks.stream().forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
        }
        return text.toString();
    }
}

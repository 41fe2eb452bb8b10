package dev.onellmapi.provider.palm;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.onellmapi.wire.Json;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.GatewayWithFake;
import dev.onellmapi.testing.RunningGateway;
import dev.onellmapi.testing.SseClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PaLM (chat-bison generateMessage, text-bison generateText) against a fake PaLM over HTTP, both modes. */
class PalmChatTest {
    static final String MESSAGE = "/v1beta2/models/chat-bison-001:generateMessage";
    static final String TEXT = "/v1beta2/models/text-bison-001:generateText";
    /** PaLM answers are pretty-printed: the stream path must cope with line breaks in the JSON. */
    static final String CHAT_ANSWER = "{\n  \"candidates\": [\n    {\"author\": \"1\", \"content\": \"Hi there\"}\n"
            + "  ],\n  \"messages\": [{\"author\": \"0\", \"content\": \"Hello\"}]\n}\n";
    static final String TEXT_ANSWER = "{\n  \"candidates\": [\n    {\"output\": \"Paris\", \"safetyRatings\": []},\n"
            + "    {\"output\": \"Paris, France\"}\n  ]\n}";
    static final String FILTERED = "{\"filters\":[{\"reason\":\"SAFETY\",\"message\":\"harm category\"}]}";

    @RegisterExtension
    static final GatewayWithFake fx = new GatewayWithFake(fake -> Map.of("palm.api-key", "palm-key", "palm.api-base", fake.baseUrl()));

    @Test
    void chatBisonGetsContextAndAlternatingMessages() throws Exception {
        fx.fake().on(MESSAGE, FakeProvider.json(200, CHAT_ANSWER));
        HttpResponse<String> r = post("{\"model\":\"palm/chat-bison-001\",\"messages\":["
                + "{\"role\":\"system\",\"content\":\"Be kind.\"},{\"role\":\"user\",\"content\":\"Hello\"},"
                + "{\"role\":\"user\",\"content\":\"Again\"},{\"role\":\"assistant\",\"content\":\"Hi\"},"
                + "{\"role\":\"user\",\"content\":\"How are you?\"}],\"temperature\":0.5,\"top_p\":0.8,\"n\":1,"
                + "\"max_tokens\":20,\"stop\":[\"x\"]}");
        assertEquals(200, r.statusCode(), r.body());
        FakeProvider.Request sent = fx.fake().lastRequest();
        assertEquals(MESSAGE, sent.pathAndQuery(), "no key in the URL");
        assertEquals("palm-key", sent.header("x-goog-api-key"));
        assertNull(sent.header("Authorization"));
        assertEquals(Json.parse("{\"prompt\":{\"context\":\"Be kind.\",\"messages\":["
                + "{\"author\":\"0\",\"content\":\"Hello\\n\\nAgain\"},{\"author\":\"1\",\"content\":\"Hi\"},"
                + "{\"author\":\"0\",\"content\":\"How are you?\"}]},\"temperature\":0.5,\"topP\":0.8,"
                + "\"candidateCount\":1}"), Json.parse(sent.body()));
        JsonNode choice = Json.parse(r.body()).path("choices").get(0);
        assertEquals("Hi there", choice.path("message").path("content").asText());
        assertEquals("stop", choice.path("finish_reason").asText());
    }

    @Test
    void textBisonGetsTheFlattenedConversation() throws Exception {
        fx.fake().on(TEXT, FakeProvider.json(200, TEXT_ANSWER));
        HttpResponse<String> r = post("{\"model\":\"text-bison-001\",\"messages\":["
                + "{\"role\":\"system\",\"content\":\"Answer in one word.\"},"
                + "{\"role\":\"user\",\"content\":\"Capital of France?\"}],\"stop\":\"\\n\","
                + "\"max_tokens\":16,\"temperature\":0,\"n\":2}");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(Json.parse("{\"prompt\":{\"text\":\"Answer in one word.\\n\\nUser: Capital of France?\\n\\n"
                + "Assistant:\"},\"temperature\":0,\"candidateCount\":2,\"maxOutputTokens\":16,"
                + "\"stopSequences\":[\"\\n\"]}"), Json.parse(fx.fake().lastRequest().body()));
        JsonNode choices = Json.parse(r.body()).path("choices");
        assertEquals(2, choices.size());
        assertEquals("Paris, France", choices.get(1).path("message").path("content").asText());
        assertEquals(1, choices.get(1).path("index").asInt());
    }

    @Test
    void aSingleUserMessageIsTheBarePromptAndSystemOnlyIsNeverEmpty() throws Exception {
        fx.fake().on(TEXT, FakeProvider.json(200, TEXT_ANSWER));
        post("{\"model\":\"text-bison-001\",\"messages\":[{\"role\":\"user\",\"content\":\"Capital of France?\"}]}");
        assertEquals("Capital of France?", Json.parse(fx.fake().lastRequest().body()).path("prompt").path("text").asText());

        fx.fake().on(MESSAGE, FakeProvider.json(200, CHAT_ANSWER));
        HttpResponse<String> r = post("{\"model\":\"chat-bison-001\",\"messages\":[{\"role\":\"system\","
                + "\"content\":\"Greet me.\"}]}");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(Json.parse("{\"messages\":[{\"author\":\"0\",\"content\":\"Greet me.\"}]}"),
                Json.parse(fx.fake().lastRequest().body()).get("prompt"));
    }

    @Test
    void filteredAnswersAreContentFilterWithTheReasonInBothModes() throws Exception {
        fx.fake().on(MESSAGE, FakeProvider.json(200, FILTERED));
        ChatCompletion completion = fx.sdk().chat().completions().create(ChatCompletionCreateParams.builder()
                .model("chat-bison-001").addUserMessage("Hello").build());
        assertEquals(1, completion.choices().size());
        assertEquals("content_filter", completion.choices().get(0).finishReason().asString());
        assertTrue(completion.choices().get(0).message().refusal().orElseThrow().contains("SAFETY: harm category"));

        List<String> all = SseClient.stream(fx.chatUrl(), RunningGateway.KEY,
                "{\"model\":\"chat-bison-001\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                .rest();
        assertEquals(3, all.size(), all.toString());
        JsonNode finish = Json.parse(all.get(1)).path("choices").get(0);
        assertEquals("content_filter", finish.path("finish_reason").asText());
        assertTrue(finish.path("delta").path("refusal").asText().contains("SAFETY"));
        assertEquals("[DONE]", all.get(2));
    }

    @Test
    void aStreamedRequestGetsTheWholeAnswerAsAWellFormedChunkStream() throws Exception {
        fx.fake().on(TEXT, FakeProvider.json(200, TEXT_ANSWER));
        SseClient.Stream stream = SseClient.stream(fx.chatUrl(), RunningGateway.KEY,
                "{\"model\":\"text-bison-001\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Q\"}]}");
        assertEquals(200, stream.response.statusCode());
        assertTrue(stream.response.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
        List<String> all = stream.rest();
        assertEquals("[DONE]", all.get(all.size() - 1));
        assertEquals(7, all.size(), "two choices of role, content, finish, then [DONE]: " + all);
        String id = null;
        for (String data : all.subList(0, 6)) {
            JsonNode chunk = Json.parse(data);
            assertEquals("chat.completion.chunk", chunk.path("object").asText());
            id = id == null ? chunk.path("id").asText() : id;
            assertEquals(id, chunk.path("id").asText(), "one id for the whole stream");
        }
        assertEquals("Paris, France", Json.parse(all.get(4)).path("choices").get(0).path("delta").path("content")
                .asText());
        assertFalse(fx.fake().lastRequest().pathAndQuery().contains("stream"), "PaLM has no streaming endpoint");
    }

    @Test
    void sdkStreamsFromChatBison() {
        fx.fake().on(MESSAGE, FakeProvider.json(200, CHAT_ANSWER));
        StringBuilder text = new StringBuilder();
        List<String> reasons = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = fx.sdk().chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("chat-bison-001").addUserMessage("Hello").build())) {
            stream.stream().forEach(c -> c.choices().forEach(ch -> {
                ch.delta().content().ifPresent(text::append);
                ch.finishReason().ifPresent(f -> reasons.add(f.asString()));
            }));
        }
        assertEquals("Hi there", text.toString());
        assertEquals(List.of("stop"), reasons);
    }

    @Test
    void errorsAndRefusedRequests() throws Exception {
        fx.fake().on(MESSAGE, FakeProvider.json(429, "{\"error\":{\"code\":429,\"message\":\"Quota\",\"status\":"
                + "\"RESOURCE_EXHAUSTED\"}}", Map.of("Retry-After", "5")));
        HttpResponse<String> r = post("{\"model\":\"chat-bison-001\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Hi\"}]}");
        assertEquals(429, r.statusCode(), r.body());
        assertEquals("5", r.headers().firstValue("Retry-After").orElse(null));
        assertEquals("Quota", Json.parse(r.body()).path("error").path("message").asText());

        fx.fake().on(MESSAGE, FakeProvider.json(500, "{\"error\":{\"code\":500,\"message\":\"Boom\",\"status\":"
                + "\"INTERNAL\"}}"));
        assertEquals(502, post("{\"model\":\"chat-bison-001\",\"stream\":true,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Hi\"}]}").statusCode());

        fx.fake().reset();
        r = post("{\"model\":\"text-bison-001\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
                + "\"stop\":[\"1\",\"2\",\"3\",\"4\",\"5\",\"6\"]}");
        assertEquals(400, r.statusCode(), r.body());
        assertEquals("stop", Json.parse(r.body()).path("error").path("param").asText());
        r = post("{\"model\":\"chat-bison-001\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]}");
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(fx.fake().requests().isEmpty(), "refused before any call");
    }

    @Test
    void modelListHasTheTwoPalmModels() throws Exception {
        HttpResponse<String> r = SseClient.get(fx.gateway().baseUrl() + "/v1/models", RunningGateway.KEY);
        assertEquals(200, r.statusCode(), r.body());
        List<String> ids = new ArrayList<>();
        Json.parse(r.body()).path("data").forEach(m -> ids.add(m.path("id").asText()));
        assertEquals(List.of("chat-bison-001", "text-bison-001"), ids);
    }

    private static HttpResponse<String> post(String body) throws Exception {
        return SseClient.post(fx.chatUrl(), RunningGateway.KEY, body);
    }
}

package dev.onellmapi.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.onellmapi.chat.ProviderCall;
import dev.onellmapi.chat.ProviderReply;
import dev.onellmapi.wire.SseEvent;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.onellmapi.provider.MapperCalls.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Gemini's mappers alone, no server: generateContent or its SSE stream, the key in a header, function calls back. */
class GeminiMappersTest {
    private static final String BODY = "{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"user\","
            + "\"content\":\"Hi\"}]}";

    @Test
    void aWholeAnswerIsGenerateContentAStreamStreamGenerateContentTheKeyNeverInTheUrl() {
        Exchange sent = toSend(call(new GeminiType(), "https://g.example", "goog-key", BODY));
        new GeminiRequestMapper().map(sent);
        assertEquals("https://g.example/v1beta/models/gemini-2.5-flash:generateContent", url(sent));
        assertEquals("goog-key", sent.getMessage().getHeader("x-goog-api-key"));
        assertNull(sent.getMessage().getHeader("Authorization"));
        assertEquals("Hi", body(sent).at("/contents/0/parts/0/text").asText());

        Exchange streamed = toSend(call(new GeminiType(), "https://g.example", "goog-key",
                BODY.replace("]}", "],\"stream\":true}")));
        new GeminiRequestMapper().map(streamed);
        assertEquals("https://g.example/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", url(streamed));
    }

    @Test
    void aFunctionCallIsAnOpenAiToolCallWithAnId() {
        ProviderCall call = call(new GeminiType(), "https://g.example", "goog-key", BODY);
        JsonNode answer = complete(new GeminiResponseMapper().map(answered(call, 200, "{\"candidates\":[{\"content\":"
                + "{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"weather\",\"args\":{\"city\":"
                + "\"Paris\"}}}]},\"finishReason\":\"STOP\",\"index\":0}]}")));
        assertEquals("weather", answer.at("/choices/0/message/tool_calls/0/function/name").asText());
        assertEquals("{\"city\":\"Paris\"}", answer.at("/choices/0/message/tool_calls/0/function/arguments").asText());
        assertEquals(false, answer.at("/choices/0/message/tool_calls/0/id").asText().isEmpty());
        assertEquals("tool_calls", answer.at("/choices/0/finish_reason").asText());
    }

    @Test
    void streamEventsAreChunksAndResourceExhaustedIsA429() {
        ProviderCall call = call(new GeminiType(), "https://g.example", "goog-key",
                BODY.replace("]}", "],\"stream\":true}"));
        ProviderReply reply = new GeminiResponseMapper().map(answered(call, 200, ""));
        List<JsonNode> chunks = chunks(assertInstanceOf(ProviderReply.Streaming.class, reply).mapper(),
                new SseEvent(null, "{\"candidates\":[" + GeminiFixtures.candidate(0, "Hel", null) + "]}"),
                new SseEvent(null, "{\"candidates\":[" + GeminiFixtures.candidate(0, "lo", "STOP") + "]}"));
        assertEquals("Hello", text(chunks));

        ProviderReply.Failed failed = assertInstanceOf(ProviderReply.Failed.class, new GeminiResponseMapper().map(
                answered(call, 429, GeminiFixtures.googleError(429, "RESOURCE_EXHAUSTED", "quota"))));
        assertEquals(429, failed.error().status());
    }
}

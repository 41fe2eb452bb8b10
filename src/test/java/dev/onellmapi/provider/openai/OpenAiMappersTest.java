package dev.onellmapi.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.onellmapi.chat.ProviderCall;
import dev.onellmapi.chat.ProviderReply;
import dev.onellmapi.testing.OpenAiFixtures;
import dev.onellmapi.wire.SseEvent;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.onellmapi.provider.MapperCalls.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** OpenAI's mappers alone, no server: the request goes on as sent, the answer and stream come back as they are. */
class OpenAiMappersTest {
    private static final String BODY = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

    @Test
    void theClientsOwnBytesGoToTheBaseUrlWithTheKey() {
        ProviderCall call = call(new OpenAiType(), "https://api.example/v1", "sk-up", BODY);
        Exchange sent = toSend(call);
        new OpenAiRequestMapper().map(sent);
        assertEquals("https://api.example/v1/chat/completions", url(sent));
        assertEquals("Bearer sk-up", sent.getMessage().getHeader("Authorization"));
        assertArrayEquals(BODY.getBytes(StandardCharsets.UTF_8), sent.getMessage().getBody(byte[].class),
                "nothing parsed and written again");
    }

    @Test
    void theAnswerAndTheStreamAreOpenAisAlready() {
        ProviderCall call = call(new OpenAiType(), "https://api.example/v1", "sk-up", BODY);
        JsonNode answer = complete(new OpenAiResponseMapper().map(answered(call, 200,
                OpenAiFixtures.completion("gpt-4o", "Hello"))));
        assertEquals("Hello", answer.at("/choices/0/message/content").asText());

        ProviderCall streamed = call(new OpenAiType(), "https://api.example/v1", "sk-up",
                BODY.replace("}]}", "}],\"stream\":true}"));
        ProviderReply reply = new OpenAiResponseMapper().map(answered(streamed, 200, ""));
        List<JsonNode> chunks = chunks(assertInstanceOf(ProviderReply.Streaming.class, reply).mapper(),
                new SseEvent(null, OpenAiFixtures.chunk("gpt-4o", "Hel")),
                new SseEvent(null, OpenAiFixtures.chunk("gpt-4o", "lo")), new SseEvent(null, "[DONE]"));
        assertEquals("Hello", text(chunks));
    }

    @Test
    void anErrorKeepsItsStatusAndRetryAfter() {
        ProviderCall call = call(new OpenAiType(), "https://api.example/v1", "sk-up", BODY);
        Exchange answer = answered(call, 429, "{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit\"}}");
        answer.getMessage().setHeader("Retry-After", "7");
        ProviderReply.Failed failed = assertInstanceOf(ProviderReply.Failed.class,
                new OpenAiResponseMapper().map(answer));
        assertEquals(429, failed.error().status());
        assertEquals("7", failed.error().retryAfter());
    }
}

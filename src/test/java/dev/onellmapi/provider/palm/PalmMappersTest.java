package dev.onellmapi.provider.palm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.onellmapi.chat.ProviderCall;
import dev.onellmapi.chat.ProviderReply;
import dev.onellmapi.wire.SseEvent;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.onellmapi.provider.MapperCalls.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** PaLM's mappers alone, no server: generateMessage or generateText, and a whole answer replayed as a stream. */
class PalmMappersTest {
    @Test
    void chatModelsGenerateMessagesTextModelsGenerateText() {
        Exchange chat = toSend(call(new PalmType(), "https://p.example", "palm-key", "{\"model\":\"chat-bison-001\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"));
        new PalmRequestMapper().map(chat);
        assertEquals("https://p.example/v1beta2/models/chat-bison-001:generateMessage", url(chat));
        assertEquals("palm-key", chat.getMessage().getHeader("x-goog-api-key"));
        assertEquals("Hi", body(chat).at("/prompt/messages/0/content").asText());

        Exchange text = toSend(call(new PalmType(), "https://p.example", "palm-key", "{\"model\":\"text-bison-001\","
                + "\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"));
        new PalmRequestMapper().map(text);
        assertEquals("https://p.example/v1beta2/models/text-bison-001:generateText", url(text));
        assertEquals("application/json", text.getMessage().getHeader("Accept"), "PaLM cannot stream");
    }

    @Test
    void aStreamedRequestsWholeAnswerIsOneEventOfChunks() {
        ProviderCall call = call(new PalmType(), "https://p.example", "palm-key", "{\"model\":\"chat-bison-001\","
                + "\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        Exchange answer = answered(call, 200, "{\n \"candidates\": [{\"author\": \"1\", \"content\": \"Hello\"}]\n}");
        ProviderReply.Streaming reply = assertInstanceOf(ProviderReply.Streaming.class,
                new PalmResponseMapper().map(answer));
        String event = new String(answer.getMessage().getBody(byte[].class), StandardCharsets.UTF_8);
        assertEquals(1, event.split("\n\n").length, event);
        List<JsonNode> chunks = chunks(reply.mapper(), new SseEvent(null, event.substring("data: ".length()).trim()));
        assertEquals("Hello", text(chunks));
    }
}

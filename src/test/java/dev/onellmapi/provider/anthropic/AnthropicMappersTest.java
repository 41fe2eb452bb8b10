package dev.onellmapi.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.onellmapi.chat.ProviderCall;
import dev.onellmapi.chat.ProviderReply;
import dev.onellmapi.wire.Json;
import dev.onellmapi.wire.SseEvent;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.onellmapi.provider.MapperCalls.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** Anthropic's mappers alone, no server: the Messages request, its tool use and stream back in OpenAI's shape. */
class AnthropicMappersTest {
    private static final String BODY = "{\"model\":\"claude-sonnet-4-5\",\"messages\":[{\"role\":\"system\","
            + "\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Hi\"}]}";

    @Test
    void theRequestIsAMessagesCallWithTheKeyTheVersionAndADefaultMaxTokens() throws Exception {
        ProviderCall call = call(new AnthropicType(), "https://api.example", "sk-ant", BODY);
        Exchange sent = toSend(call);
        new AnthropicRequestMapper(1234).map(sent);
        assertEquals("https://api.example/v1/messages", url(sent));
        assertEquals("sk-ant", sent.getMessage().getHeader("x-api-key"));
        assertEquals("2023-06-01", sent.getMessage().getHeader("anthropic-version"));
        JsonNode body = body(sent);
        assertEquals(1234, body.path("max_tokens").asInt(), "Anthropic refuses a request without it");
        assertEquals("Be brief.", body.at("/system/0/text").asText(), "the system prompt apart");
        assertEquals(Json.parse("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hi\"}]}]"),
                body.path("messages"));
    }

    @Test
    void aToolUseIsAnOpenAiToolCall() {
        ProviderCall call = call(new AnthropicType(), "https://api.example", "sk-ant", BODY);
        JsonNode answer = complete(new AnthropicResponseMapper().map(answered(call, 200, AnthropicFixtures.message(
                "[{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"weather\",\"input\":{\"city\":\"Paris\"}}]",
                "tool_use"))));
        assertEquals("weather", answer.at("/choices/0/message/tool_calls/0/function/name").asText());
        assertEquals("toolu_1", answer.at("/choices/0/message/tool_calls/0/id").asText());
        assertEquals("tool_calls", answer.at("/choices/0/finish_reason").asText());
    }

    @Test
    void theStreamsTextDeltasAreChunksAndOverloadedIsA503() {
        ProviderCall call = call(new AnthropicType(), "https://api.example", "sk-ant",
                BODY.replace("]}", "],\"stream\":true}"));
        ProviderReply reply = new AnthropicResponseMapper().map(answered(call, 200, ""));
        List<JsonNode> chunks = chunks(assertInstanceOf(ProviderReply.Streaming.class, reply).mapper(),
                event(AnthropicFixtures.messageStart()), event(AnthropicFixtures.textStart(0)),
                event(AnthropicFixtures.textDelta(0, "Hel")), event(AnthropicFixtures.textDelta(0, "lo")),
                event(AnthropicFixtures.blockStop(0)), event(AnthropicFixtures.messageDelta("end_turn", 2)),
                event(AnthropicFixtures.messageStop()));
        assertEquals("Hello", text(chunks));

        ProviderReply.Failed failed = assertInstanceOf(ProviderReply.Failed.class, new AnthropicResponseMapper().map(
                answered(call, 529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"busy\"}}")));
        assertEquals(503, failed.error().status());
    }

    /** A frame of AnthropicFixtures ({@code event: ...\ndata: ...\n\n}) as the SSE parser hands it on. */
    private static SseEvent event(String frame) {
        String[] lines = frame.split("\n");
        return new SseEvent(lines[0].substring("event: ".length()), lines[1].substring("data: ".length()));
    }
}

package dev.onellmapi.frontdoor.messages;

import com.anthropic.core.ObjectMappers;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.fasterxml.jackson.databind.JsonNode;
import dev.onellmapi.wire.Json;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Chat chunks as OpenAI and the gateway's Gemini mapper write them → Anthropic's events, read back by Anthropic's own
 * Java SDK (its event types and its MessageAccumulator): what the SDK builds is what a client sees.
 */
class MessagesStreamMapperTest {
    private static final String HEAD = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
            + "\"model\":\"gpt-4o\",";

    private static String chunk(String delta, String finish) {
        return HEAD + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
                + (finish == null ? "null" : "\"" + finish + "\"") + "}]}";
    }

    private static String usageChunk(int prompt, int cached, int completion) {
        return HEAD + "\"choices\":[],\"usage\":{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":" + completion
                + ",\"total_tokens\":" + (prompt + completion) + ",\"prompt_tokens_details\":{\"cached_tokens\":"
                + cached + "}}}";
    }

    static List<String> frames(String... chunks) {
        MessagesStreamMapper mapper = new MessagesStreamMapper("gpt-4o", 42, text -> text.length());
        List<String> frames = new ArrayList<>();
        for (String chunk : chunks) {
            mapper.chunk(chunk, frames::add);
        }
        mapper.end(frames::add);
        return frames;
    }

    static String name(String frame) {
        return frame.substring("event: ".length(), frame.indexOf('\n'));
    }

    static JsonNode data(String frame) throws Exception {
        return Json.parse(frame.substring(frame.indexOf("data: ") + 6).trim());
    }

    /**
     * The frames as the SDK reads them (it routes by the event's name: a ping is dropped before its data is read),
     * accumulated into the message it gives its user.
     */
    static Message accumulate(List<String> frames) throws Exception {
        MessageAccumulator accumulator = MessageAccumulator.create();
        for (String frame : frames) {
            assertTrue(frame.endsWith("\n\n"), frame);
            if (name(frame).equals("ping")) {
                continue;
            }
            String json = frame.substring(frame.indexOf("data: ") + 6).trim();
            RawMessageStreamEvent event = ObjectMappers.jsonMapper().readValue(json, RawMessageStreamEvent.class);
            event.validate();
            accumulator.accumulate(event);
        }
        return accumulator.message();
    }

    @Test
    void textStreamIsAnthropicsEventSequence() throws Exception {
        List<String> frames = frames(chunk("{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}", null),
                chunk("{\"content\":\"Hel\"}", null), chunk("{\"content\":\"lo\"}", null),
                chunk("{}", "stop"), usageChunk(30, 10, 2));
        assertEquals(List.of("message_start", "ping", "content_block_start", "content_block_delta",
                "content_block_delta", "content_block_stop", "message_delta", "message_stop"),
                frames.stream().map(MessagesStreamMapperTest::name).toList());
        JsonNode start = data(frames.get(0)).path("message");
        assertEquals("msg_chatcmpl-1", start.path("id").asText());
        assertEquals(42, start.path("usage").path("input_tokens").asInt());
        JsonNode delta = data(frames.get(6));
        assertEquals("end_turn", delta.path("delta").path("stop_reason").asText());
        assertEquals(Json.parse("{\"input_tokens\":20,\"cache_creation_input_tokens\":0,"
                + "\"cache_read_input_tokens\":10,\"output_tokens\":2}"), delta.path("usage"));

        Message message = accumulate(frames);
        assertEquals("Hello", message.content().get(0).asText().text());
        assertEquals(StopReason.END_TURN, message.stopReason().orElseThrow());
        assertEquals(20, message.usage().inputTokens());
        assertEquals(10, message.usage().cacheReadInputTokens().orElseThrow());
        assertEquals(2, message.usage().outputTokens());
        assertEquals("gpt-4o", message.model().asString());
    }

    @Test
    void openAiToolCallsStreamAsToolUseBlocksWithInputJsonDeltas() throws Exception {
        List<String> frames = frames(chunk("{\"role\":\"assistant\",\"content\":\"Reading.\"}", null),
                chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"call_a\",\"type\":\"function\",\"function\":"
                        + "{\"name\":\"Read\",\"arguments\":\"\"}}]}", null),
                chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"file_path\\\":\"}}]}", null),
                chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"/a.txt\\\"}\"}}]}", null),
                chunk("{\"tool_calls\":[{\"index\":1,\"id\":\"call_b\",\"type\":\"function\",\"function\":"
                        + "{\"name\":\"Read\",\"arguments\":\"{\\\"file_path\\\":\\\"/b.txt\\\"}\"}}]}", null),
                chunk("{}", "tool_calls"), usageChunk(100, 0, 30));
        Message message = accumulate(frames);
        List<ContentBlock> content = message.content();
        assertEquals(3, content.size());
        assertEquals("Reading.", content.get(0).asText().text());
        assertEquals("call_a", content.get(1).asToolUse().id());
        assertEquals("Read", content.get(1).asToolUse().name());
        assertEquals("{\"file_path\":\"/a.txt\"}", Json.text(Json.MAPPER.valueToTree(
                content.get(1).asToolUse()._input())));
        assertEquals("call_b", content.get(2).asToolUse().id());
        assertEquals(StopReason.TOOL_USE, message.stopReason().orElseThrow());
        // block indexes 0, 1, 2, each started once and stopped once
        assertEquals(3, frames.stream().filter(f -> name(f).equals("content_block_stop")).count());
    }

    @Test
    void geminiReasoningIsAThinkingBlockBeforeTheText() throws Exception {
        List<String> frames = frames(chunk("{\"role\":\"assistant\",\"content\":\"\"}", null),
                chunk("{\"reasoning_content\":\"Let me think.\"}", null),
                chunk("{\"content\":\"42\"}", null),
                chunk("{\"tool_calls\":[{\"id\":\"call_g\",\"type\":\"function\",\"function\":{\"name\":\"calc\","
                        + "\"arguments\":\"{\\\"x\\\":1}\"},\"index\":0}]}", null),
                chunk("{}", "tool_calls"), usageChunk(7, 0, 9));
        Message message = accumulate(frames);
        assertEquals("Let me think.", message.content().get(0).asThinking().thinking());
        assertEquals("", message.content().get(0).asThinking().signature());
        assertEquals("42", message.content().get(1).asText().text());
        assertEquals("calc", message.content().get(2).asToolUse().name());
        assertEquals("thinking_delta", data(frames.get(3)).path("delta").path("type").asText());
    }

    @Test
    void withoutAProviderUsageTheOutputIsEstimatedAndTheStopReasonMapped() throws Exception {
        List<String> frames = frames(chunk("{\"content\":\"abcdef\"}", null), chunk("{}", "length"));
        Message message = accumulate(frames);
        assertEquals(StopReason.MAX_TOKENS, message.stopReason().orElseThrow());
        assertEquals(6, message.usage().outputTokens()); // the test's counter: one token a character
        assertEquals(42, message.usage().inputTokens());
    }

    @Test
    void aContentFilterIsARefusal() throws Exception {
        List<String> frames = frames(chunk("{\"refusal\":\"Gemini blocked the answer (SAFETY)\"}", "content_filter"));
        Message message = accumulate(frames);
        assertEquals(StopReason.REFUSAL, message.stopReason().orElseThrow());
        assertEquals("Gemini blocked the answer (SAFETY)", message.content().get(0).asText().text());
    }

    @Test
    void anEmptyStreamStillStartsAndStops() throws Exception {
        List<String> frames = frames();
        assertEquals(List.of("message_start", "ping", "message_delta", "message_stop"),
                frames.stream().map(MessagesStreamMapperTest::name).toList());
        assertTrue(accumulate(frames).content().isEmpty());
    }

    @Test
    void aToolCallResumedAfterAnotherBlockIsRefused() {
        MessagesStreamMapper mapper = new MessagesStreamMapper("gpt-4o", 1, String::length);
        List<String> frames = new ArrayList<>();
        mapper.chunk(chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"a\",\"function\":{\"name\":\"f\","
                + "\"arguments\":\"\"}}]}", null), frames::add);
        mapper.chunk(chunk("{\"content\":\"x\"}", null), frames::add);
        assertThrows(IllegalStateException.class, () -> mapper.chunk(chunk("{\"tool_calls\":[{\"index\":0,"
                + "\"function\":{\"arguments\":\"{}\"}}]}", null), frames::add));
    }

    @Test
    void errorEventIsAnthropicsShape() throws Exception {
        String frame = MessagesErrors.event(529, "Overloaded");
        assertEquals("error", name(frame));
        JsonNode data = data(frame);
        assertEquals("error", data.path("type").asText());
        assertEquals("overloaded_error", data.path("error").path("type").asText());
        assertFalse(data.has("request_id"));
    }
}

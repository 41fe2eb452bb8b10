package dev.onellmapi.frontdoor.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.core.ObjectMappers;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseStreamEvent;
import dev.onellmapi.wire.Json;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Chat chunks, as the gateway's provider mappers write them, through the stream mapper: the Responses event sequence,
 * each event read back with openai-java's own types (so a field it requires, or a wrong type, fails here).
 */
class ResponsesStreamMapperTest {
    private static final String HEAD = "{\"id\":\"msg_1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
            + "\"model\":\"claude-sonnet-4-5\",\"choices\":[{\"index\":0,\"delta\":";

    private static String chunk(String delta, String finish) {
        return HEAD + delta + ",\"finish_reason\":" + (finish == null ? "null" : "\"" + finish + "\"") + "}]}";
    }

    private static final List<String> CLAUDE_TOOL_TURN = List.of(
            chunk("{\"role\":\"assistant\",\"content\":\"\"}", null),
            chunk("{\"reasoning_content\":\"Let me \"}", null),
            chunk("{\"reasoning_content\":\"read it.\"}", null),
            chunk("{\"thinking_blocks\":[{\"type\":\"thinking\",\"thinking\":\"Let me read it.\",\"signature\":"
                    + "\"EqQBCkgIARABGAIiQL\"}]}", null),
            chunk("{\"content\":\"I'll read \"}", null),
            chunk("{\"content\":\"the file.\"}", null),
            chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"toolu_01\",\"type\":\"function\",\"function\":{\"name\":"
                    + "\"exec_command\",\"arguments\":\"\"}}]}", null),
            chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"cmd\\\":\"}}]}", null),
            chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"cat notes.txt\\\"}\"}}]}", null),
            chunk("{}", "tool_calls"),
            "{\"id\":\"msg_1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"claude-sonnet-4-5\","
                    + "\"choices\":[],\"usage\":{\"prompt_tokens\":120,\"completion_tokens\":30,\"total_tokens\":150,"
                    + "\"prompt_tokens_details\":{\"cached_tokens\":100}}}");

    static List<ObjectNode> run(String requestJson, List<String> chunks, boolean fail) throws IOException {
        ResponsesRequest request = ResponsesRequest.of((ObjectNode) Json.parse(requestJson));
        ChatTranslation t = ResponsesRequestMapper.map(request, List.of());
        List<String> frames = new ArrayList<>();
        ResponsesStreamMapper mapper = new ResponsesStreamMapper(request, t, "resp_1", 1_700_000_000L, frames::add);
        chunks.forEach(mapper::onChunk);
        if (fail) {
            mapper.fail(429, null, "Rate limit reached. Please try again in 2s.");
        } else {
            mapper.finish();
        }
        List<ObjectNode> events = new ArrayList<>();
        for (String frame : frames) {
            assertTrue(frame.endsWith("\n\n"), frame);
            String[] lines = frame.split("\n");
            assertTrue(lines[0].startsWith("event: "), frame);
            assertTrue(lines[1].startsWith("data: "), frame);
            ObjectNode event = (ObjectNode) Json.parse(lines[1].substring(6));
            assertEquals(lines[0].substring(7), event.get("type").asText());
            ObjectMappers.jsonMapper().readValue(lines[1].substring(6), ResponseStreamEvent.class).validate();
            events.add(event);
        }
        for (int i = 0; i < events.size(); i++) {
            assertEquals(i, events.get(i).get("sequence_number").asInt());
        }
        return events;
    }

    static List<String> types(List<ObjectNode> events) {
        List<String> types = new ArrayList<>();
        events.forEach(e -> types.add(e.get("type").asText()));
        return types;
    }

    @Test
    void claudeThinkingTextAndToolCall() throws IOException {
        List<ObjectNode> events = run("{\"model\":\"claude-sonnet-4-5\",\"input\":\"x\",\"stream\":true,"
                + "\"reasoning\":{\"effort\":\"low\",\"summary\":\"auto\"},\"tools\":[{\"type\":\"function\","
                + "\"name\":\"exec_command\",\"parameters\":{\"type\":\"object\"}}]}", CLAUDE_TOOL_TURN, false);
        assertEquals(List.of("response.created", "response.in_progress",
                "response.output_item.added", "response.reasoning_summary_part.added",
                "response.reasoning_summary_text.delta", "response.reasoning_summary_text.delta",
                "response.reasoning_summary_text.done", "response.reasoning_summary_part.done",
                "response.output_item.done",
                "response.output_item.added", "response.content_part.added", "response.output_text.delta",
                "response.output_text.delta", "response.output_text.done", "response.content_part.done",
                "response.output_item.done",
                "response.output_item.added", "response.function_call_arguments.delta",
                "response.function_call_arguments.delta", "response.function_call_arguments.done",
                "response.output_item.done", "response.completed"), types(events));
        JsonNode reasoning = events.get(8).get("item");
        assertEquals("Let me read it.", reasoning.at("/summary/0/text").asText());
        assertEquals("EqQBCkgIARABGAIiQL", ReasoningItems.decode(reasoning.get("encrypted_content").asText())
                .at("/0/signature").asText());
        JsonNode call = events.get(20).get("item");
        assertEquals("function_call", call.get("type").asText());
        assertEquals("toolu_01", call.get("call_id").asText());
        assertEquals("{\"cmd\":\"cat notes.txt\"}", call.get("arguments").asText());
        assertEquals(events.get(16).at("/item/id").asText(), call.get("id").asText());
        JsonNode done = events.get(events.size() - 1).get("response");
        Response response = ObjectMappers.jsonMapper().readValue(Json.text(done), Response.class).validate();
        assertEquals(3, response.output().size());
        assertEquals(150, response.usage().get().totalTokens());
        assertEquals(100, response.usage().get().inputTokensDetails().cachedTokens());
        assertEquals("completed", done.get("status").asText());
        assertEquals(List.of(0, 1, 2), List.of(events.get(2).get("output_index").asInt(),
                events.get(9).get("output_index").asInt(), events.get(16).get("output_index").asInt()));
    }

    @Test
    void reasoningIsNotShownUnlessSummariesAreAsked() throws IOException {
        List<ObjectNode> events = run("{\"model\":\"claude-sonnet-4-5\",\"input\":\"x\",\"stream\":true}",
                CLAUDE_TOOL_TURN, false);
        assertFalse(types(events).contains("response.reasoning_summary_text.delta"));
        JsonNode reasoning = events.get(3).get("item");
        assertEquals("reasoning", reasoning.get("type").asText());
        assertTrue(reasoning.get("summary").isEmpty());
        assertTrue(reasoning.has("encrypted_content"), "the thinking still goes back with the tool call");
    }

    @Test
    void lengthEndsIncomplete() throws IOException {
        List<ObjectNode> events = run("{\"model\":\"gemini-2.5-pro\",\"input\":\"x\",\"stream\":true}",
                List.of(chunk("{\"role\":\"assistant\",\"content\":\"\"}", null), chunk("{\"content\":\"Once\"}",
                        null), chunk("{}", "length")), false);
        ObjectNode last = events.get(events.size() - 1);
        assertEquals("response.incomplete", last.get("type").asText());
        assertEquals("max_output_tokens", last.at("/response/incomplete_details/reason").asText());
    }

    @Test
    void aStreamThatBreaksOffEndsWithResponseFailed() throws IOException {
        List<ObjectNode> events = run("{\"model\":\"claude-sonnet-4-5\",\"input\":\"x\",\"stream\":true}",
                List.of(chunk("{\"role\":\"assistant\",\"content\":\"\"}", null), chunk("{\"content\":\"Hel\"}",
                        null)), true);
        ObjectNode last = events.get(events.size() - 1);
        assertEquals("response.failed", last.get("type").asText());
        assertEquals("failed", last.at("/response/status").asText());
        assertEquals("rate_limit_exceeded", last.at("/response/error/code").asText());
    }

    @Test
    void aFailureBeforeAnyChunkStillBeginsTheStream() throws IOException {
        List<ObjectNode> events = run("{\"model\":\"m\",\"input\":\"x\",\"stream\":true}", List.of(), true);
        assertEquals(List.of("response.created", "response.in_progress", "response.failed"), types(events));
    }
}

package dev.onellmapi.frontdoor.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.Json;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Responses request as a chat request, from what Codex 0.171 really sent (recorded) and from hand-made cases. */
class ResponsesRequestMapperTest {

    static ObjectNode fixture(String name) throws IOException {
        try (InputStream in = ResponsesRequestMapperTest.class.getResourceAsStream("/frontdoor/responses/" + name)) {
            return (ObjectNode) Json.parse(in.readAllBytes());
        }
    }

    private static ChatTranslation map(String json) throws IOException {
        return ResponsesRequestMapper.map(ResponsesRequest.of((ObjectNode) Json.parse(json)), List.of());
    }

    @Test
    void codexFirstTurn() throws IOException {
        ResponsesRequest request = ResponsesRequest.of(fixture("codex-turn1-body.json"));
        assertTrue(request.stream());
        assertFalse(request.store());
        assertNull(request.previousResponseId());
        ChatTranslation t = ResponsesRequestMapper.map(request, List.of());
        ObjectNode chat = t.chat();
        assertEquals("claude-sonnet-4-5", chat.get("model").asText());
        assertTrue(chat.path("stream_options").path("include_usage").asBoolean());
        JsonNode messages = chat.get("messages");
        // no instructions: two developer messages, then two user messages in a row (the provider mappers merge them)
        List<String> roles = new ArrayList<>();
        messages.forEach(m -> roles.add(m.get("role").asText()));
        assertEquals(List.of("developer", "developer", "user", "user"), roles);
        assertEquals("text", messages.get(3).path("content").path(0).path("type").asText());
        assertEquals("Please read the file notes.txt and tell me the secret word",
                messages.get(3).path("content").path(0).path("text").asText());
        // function tools, the namespace's functions flattened; web_search left out and named
        List<String> names = new ArrayList<>();
        chat.get("tools").forEach(tool -> names.add(tool.path("function").path("name").asText()));
        assertTrue(names.contains("exec_command"));
        assertTrue(names.contains("multi_agent_v1__spawn_agent"));
        assertFalse(names.stream().anyMatch(n -> n.isEmpty()));
        assertEquals("auto", chat.get("tool_choice").asText());
        assertTrue(chat.get("parallel_tool_calls").asBoolean());
        assertTrue(t.ignored().contains("tools[web_search]"), t.ignored().toString());
        assertTrue(t.ignored().contains("prompt_cache_key"));
        assertTrue(t.ignored().contains("client_metadata"));
        assertFalse(t.ignored().contains("include"), "reasoning.encrypted_content is honoured");
        assertFalse(chat.has("reasoning_effort"), "summary only: no effort asked");
        // the namespaced tool maps back to the client's names
        assertEquals(new ToolNames.Tool("multi_agent_v1", "spawn_agent", false),
                t.tools().of("multi_agent_v1__spawn_agent"));
    }

    @Test
    void codexSecondTurnSendsTheCallBackWithItsOutput() throws IOException {
        ChatTranslation t = ResponsesRequestMapper.map(ResponsesRequest.of(fixture("codex-turn2-body.json")),
                List.of());
        JsonNode messages = t.chat().get("messages");
        JsonNode assistant = messages.get(messages.size() - 2);
        JsonNode tool = messages.get(messages.size() - 1);
        assertEquals("assistant", assistant.get("role").asText());
        assertTrue(assistant.get("content").isNull());
        assertEquals("call_1", assistant.path("tool_calls").path(0).path("id").asText());
        assertEquals("exec_command", assistant.path("tool_calls").path(0).path("function").path("name").asText());
        assertEquals("{\"cmd\": \"cat notes.txt\"}",
                assistant.path("tool_calls").path(0).path("function").path("arguments").asText());
        assertEquals("tool", tool.get("role").asText());
        assertEquals("call_1", tool.get("tool_call_id").asText());
        assertTrue(tool.get("content").asText().contains("The secret word is pelican."));
    }

    @Test
    void stringInputInstructionsAndSettings() throws IOException {
        ChatTranslation t = map("""
                {"model": "claude-sonnet-4-5", "input": "Hi", "instructions": "Be brief.", "max_output_tokens": 50,
                 "temperature": 0.2, "top_p": 0.9, "user": "u1", "metadata": {"a": "b"},
                 "reasoning": {"effort": "xhigh"}, "text": {"format": {"type": "json_schema", "name": "answer",
                 "schema": {"type": "object", "properties": {"x": {"type": "string"}}}, "strict": true}}}""");
        ObjectNode chat = t.chat();
        assertEquals("system", chat.at("/messages/0/role").asText());
        assertEquals("Be brief.", chat.at("/messages/0/content").asText());
        assertEquals("user", chat.at("/messages/1/role").asText());
        assertEquals("Hi", chat.at("/messages/1/content/0/text").asText());
        assertEquals(50, chat.get("max_completion_tokens").asInt());
        assertEquals("0.2", chat.get("temperature").asText());
        assertEquals("u1", chat.get("user").asText());
        assertEquals("high", chat.get("reasoning_effort").asText());
        assertEquals("json_schema", chat.at("/response_format/type").asText());
        assertEquals("answer", chat.at("/response_format/json_schema/name").asText());
        assertTrue(chat.at("/response_format/json_schema/strict").asBoolean());
        assertFalse(chat.has("metadata"), "metadata stays with the response");
        assertFalse(chat.has("stream"));
        assertTrue(t.ignored().isEmpty(), t.ignored().toString());
        assertEquals("Hi", t.input().at("/0/content/0/text").asText());
    }

    @Test
    void historyComesBeforeTheNewInputAndReasoningGoesBackAsThinkingBlocks() throws IOException {
        ArrayNode blocks = Json.array();
        blocks.addObject().put("type", "thinking").put("thinking", "Let me look.").put("signature", "sig==");
        List<JsonNode> history = List.of(ResponsesInput.userText("What is in notes.txt?"),
                ResponseObject.reasoning("rs_1", "Let me look.", blocks),
                Json.parse("{\"type\":\"function_call\",\"id\":\"fc_1\",\"call_id\":\"toolu_1\",\"name\":\"read\","
                        + "\"arguments\":\"{\\\"path\\\":\\\"notes.txt\\\"}\",\"status\":\"completed\"}"));
        ObjectNode body = (ObjectNode) Json.parse("""
                {"model": "claude-sonnet-4-5", "previous_response_id": "resp_1", "input": [
                 {"type": "function_call_output", "call_id": "toolu_1", "output": [
                   {"type": "input_text", "text": "pelican"},
                   {"type": "input_image", "image_url": "data:image/png;base64,iVBORw0KGgo="}]}]}""");
        ChatTranslation t = ResponsesRequestMapper.map(ResponsesRequest.of(body), history);
        JsonNode messages = t.chat().get("messages");
        assertEquals(4, messages.size(), messages.toString());
        assertEquals("user", messages.get(0).get("role").asText());
        JsonNode assistant = messages.get(1);
        assertEquals("sig==", assistant.at("/thinking_blocks/0/signature").asText());
        assertEquals("read", assistant.at("/tool_calls/0/function/name").asText());
        assertEquals("tool", messages.get(2).get("role").asText());
        assertEquals("pelican", messages.get(2).at("/content/0/text").asText());
        // the image of the output follows as a user turn: a chat tool message carries text only
        assertEquals("user", messages.get(3).get("role").asText());
        assertEquals("image_url", messages.get(3).at("/content/0/type").asText());
    }

    @Test
    void customToolsAndTheirCallsTravelAsFunctionsOfOneString() throws IOException {
        ChatTranslation t = map("""
                {"model": "gemini-2.5-pro", "tools": [{"type": "custom", "name": "apply_patch",
                  "description": "Patch files."}], "input": [
                  {"role": "user", "content": "fix it"},
                  {"type": "custom_tool_call", "call_id": "c1", "name": "apply_patch", "input": "*** Begin Patch"},
                  {"type": "custom_tool_call_output", "call_id": "c1", "output": "done"}]}""");
        JsonNode function = t.chat().at("/tools/0/function");
        assertEquals("apply_patch", function.get("name").asText());
        assertEquals("string", function.at("/parameters/properties/input/type").asText());
        assertEquals("{\"input\":\"*** Begin Patch\"}", t.chat().at("/messages/1/tool_calls/0/function/arguments")
                .asText());
        ObjectNode item = ResponseObject.toolCall("c2", "apply_patch", "{\"input\":\"patch text\"}", t.tools(),
                "completed");
        assertEquals("custom_tool_call", item.get("type").asText());
        assertEquals("patch text", item.get("input").asText());
    }

    @Test
    void toolChoiceForms() throws IOException {
        String tools = "\"tools\": [{\"type\": \"function\", \"name\": \"a\", \"parameters\": {}}, "
                + "{\"type\": \"function\", \"name\": \"b\", \"parameters\": {}}]";
        ChatTranslation forced = map("{\"model\": \"m\", \"input\": \"x\", " + tools
                + ", \"tool_choice\": {\"type\": \"function\", \"name\": \"b\"}}");
        assertEquals("b", forced.chat().at("/tool_choice/function/name").asText());
        ChatTranslation allowed = map("{\"model\": \"m\", \"input\": \"x\", " + tools + ", \"tool_choice\": "
                + "{\"type\": \"allowed_tools\", \"mode\": \"required\", \"tools\": [{\"type\": \"function\", "
                + "\"name\": \"a\"}]}}");
        assertEquals(1, allowed.chat().get("tools").size());
        assertEquals("required", allowed.chat().get("tool_choice").asText());
    }

    @Test
    void whatCannotBeDoneIsA400NamingIt() {
        assertRefused("model", "{\"model\": \"gpt-4o,claude-sonnet-4-5\", \"input\": \"x\"}");
        assertRefused("background", "{\"model\": \"m\", \"input\": \"x\", \"background\": true}");
        assertRefused("tools", "{\"model\": \"m\", \"input\": \"x\", \"tools\": [{\"type\": \"web_search\"}]}");
        assertRefused("tool_choice", "{\"model\": \"m\", \"input\": \"x\", \"tools\": [{\"type\": \"function\", "
                + "\"name\": \"a\"}, {\"type\": \"web_search\"}], \"tool_choice\": {\"type\": \"web_search\"}}");
        assertRefused("input[0].content[0]", "{\"model\": \"m\", \"input\": [{\"role\": \"user\", \"content\": "
                + "[{\"type\": \"input_file\", \"file_id\": \"file-1\"}]}]}");
        assertRefused("input[0].content[0]", "{\"model\": \"m\", \"input\": [{\"role\": \"user\", \"content\": "
                + "[{\"type\": \"input_image\", \"file_id\": \"file-1\"}]}]}");
        assertRefused("input[0]", "{\"model\": \"m\", \"input\": [{\"type\": \"item_reference\", \"id\": \"x\"}]}");
        assertRefused("input", "{\"model\": \"m\"}");
        assertRefused("reasoning.effort", "{\"model\": \"m\", \"input\": \"x\", \"reasoning\": {\"effort\": \"max\"}}");
        assertRefused("text.format.type", "{\"model\": \"m\", \"input\": \"x\", \"text\": {\"format\": "
                + "{\"type\": \"yaml\"}}}");
        assertRefused("stream", "{\"model\": \"m\", \"input\": \"x\", \"stream\": \"yes\"}");
        assertRefused("input[0].role", "{\"model\": \"m\", \"input\": [{\"role\": \"tool\", \"content\": \"x\"}]}");
    }

    @Test
    void steeringAndUnknownFieldsAreNamedNotRefused() throws IOException {
        ChatTranslation t = map("""
                {"model": "m", "input": "x", "service_tier": "flex", "truncation": "auto", "some_new_field": 1,
                 "include": ["reasoning.encrypted_content", "web_search_call.action.sources"],
                 "text": {"verbosity": "low"}, "input_extra": null}""");
        assertEquals(List.of("service_tier", "some_new_field", "input_extra", "text.verbosity",
                "include[web_search_call.action.sources]", "truncation"), t.ignored());
    }

    @Test
    void aReasoningItemFromAnotherProviderIsNamed() throws IOException {
        ChatTranslation t = map("""
                {"model": "m", "input": [{"role": "user", "content": "x"},
                 {"type": "reasoning", "id": "rs_1", "summary": [], "encrypted_content": "gAAAAABopaque"},
                 {"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "y"}]},
                 {"role": "user", "content": "z"}]}""");
        assertEquals(List.of("input[reasoning.encrypted_content]"), t.ignored());
        assertFalse(t.chat().at("/messages/1").has("thinking_blocks"));
        assertEquals("y", t.chat().at("/messages/1/content/0/text").asText());
    }

    private static void assertRefused(String param, String json) {
        InvalidResponsesRequest e = assertThrows(InvalidResponsesRequest.class, () -> map(json), json);
        assertEquals(param, e.param(), e.getMessage());
    }
}

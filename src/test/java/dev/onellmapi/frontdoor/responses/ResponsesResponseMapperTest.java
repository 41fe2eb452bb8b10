package dev.onellmapi.frontdoor.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.core.ObjectMappers;
import com.openai.models.responses.Response;
import dev.onellmapi.wire.Json;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A whole chat answer as a response, read back with openai-java's {@link Response}. */
class ResponsesResponseMapperTest {
    @Test
    void reasoningTextAndNamespacedToolCall() throws IOException {
        ResponsesRequest request = ResponsesRequest.of((ObjectNode) Json.parse("""
                {"model": "claude-sonnet-4-5", "input": "x", "metadata": {"run": "7"}, "store": false,
                 "reasoning": {"effort": "low", "summary": "auto"},
                 "tools": [{"type": "namespace", "name": "crm", "description": "CRM", "tools": [
                   {"type": "function", "name": "lookup", "parameters": {"type": "object"}}]}]}"""));
        ChatTranslation t = ResponsesRequestMapper.map(request, List.of());
        assertEquals("crm__lookup", t.chat().at("/tools/0/function/name").asText());
        JsonNode completion = Json.parse("""
                {"id": "msg_1", "object": "chat.completion", "created": 1, "model": "claude-sonnet-4-5",
                 "choices": [{"index": 0, "finish_reason": "tool_calls", "message": {"role": "assistant",
                   "content": "Looking it up.", "reasoning_content": "Need the CRM.",
                   "thinking_blocks": [{"type": "thinking", "thinking": "Need the CRM.", "signature": "c2ln"}],
                   "tool_calls": [{"id": "toolu_9", "type": "function", "function": {"name": "crm__lookup",
                     "arguments": "{\\"id\\":1}"}}]}}],
                 "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15,
                   "completion_tokens_details": {"reasoning_tokens": 3}}}""");
        ObjectNode response = ResponsesResponseMapper.map(request, t, completion, "resp_1", 1_700_000_000L);
        // not validate()d whole: openai-java 4.15 does not know the namespace tool echoed in "tools" yet
        Response parsed = ObjectMappers.jsonMapper().readValue(Json.text(response), Response.class);
        parsed.output().forEach(item -> item.validate());
        assertEquals(3, parsed.output().size());
        assertTrue(parsed.output().get(0).isReasoning());
        assertEquals("Need the CRM.", parsed.output().get(0).asReasoning().summary().get(0).text());
        assertEquals("Looking it up.", parsed.output().get(1).asMessage().content().get(0).asOutputText().text());
        assertEquals("lookup", parsed.output().get(2).asFunctionCall().name());
        assertEquals("crm", response.at("/output/2/namespace").asText());
        assertEquals("toolu_9", parsed.output().get(2).asFunctionCall().callId());
        assertEquals(3, parsed.usage().get().outputTokensDetails().reasoningTokens());
        assertEquals("completed", response.get("status").asText());
        assertEquals("7", response.at("/metadata/run").asText());
        assertTrue(!response.get("store").asBoolean());
    }

    @Test
    void contentFilterEndsIncomplete() throws IOException {
        ResponsesRequest request = ResponsesRequest.of((ObjectNode) Json.parse("{\"model\":\"gemini-2.5-pro\","
                + "\"input\":\"x\"}"));
        JsonNode completion = Json.parse("{\"choices\":[{\"index\":0,\"finish_reason\":\"content_filter\","
                + "\"message\":{\"role\":\"assistant\",\"content\":null,\"refusal\":\"Blocked: SAFETY\"}}]}");
        ObjectNode response = ResponsesResponseMapper.map(request, ResponsesRequestMapper.map(request, List.of()),
                completion, "resp_2", 1L);
        ObjectMappers.jsonMapper().readValue(Json.text(response), Response.class).validate();
        assertEquals("incomplete", response.get("status").asText());
        assertEquals("content_filter", response.at("/incomplete_details/reason").asText());
        assertEquals("refusal", response.at("/output/0/content/0/type").asText());
    }
}

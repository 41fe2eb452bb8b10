package dev.onellmapi.frontdoor.messages;

import com.anthropic.core.ObjectMappers;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.StopReason;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.Json;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whole chat answers → Anthropic messages, read back by Anthropic's Java SDK; errors and the model list. */
class MessagesAnswerMapperTest {
    private static Message sdk(ObjectNode message) throws Exception {
        Message parsed = ObjectMappers.jsonMapper().readValue(Json.text(message), Message.class);
        parsed.validate();
        return parsed;
    }

    @Test
    void reasoningTextAndToolCallsBecomeBlocks() throws Exception {
        ObjectNode message = MessagesAnswerMapper.toMessage(Json.parse("""
                {"id":"chatcmpl-9","object":"chat.completion","created":1,"model":"gemini-2.5-pro","choices":[{"index":0,
                 "message":{"role":"assistant","content":"Checking.","reasoning_content":"think",
                  "tool_calls":[{"id":"call_1","type":"function","function":{"name":"Read","arguments":"{\\"file_path\\":\\"/a\\"}"}},
                                {"id":"call_2","type":"function","function":{"name":"Cut","arguments":"{\\"x\\": 1"}}]},
                 "finish_reason":"tool_calls"}],
                 "usage":{"prompt_tokens":100,"completion_tokens":20,"total_tokens":120,
                  "prompt_tokens_details":{"cached_tokens":60}}}
                """), "gemini-2.5-pro");
        Message parsed = sdk(message);
        assertEquals("msg_chatcmpl-9", parsed.id());
        assertEquals("gemini-2.5-pro", parsed.model().asString());
        assertEquals("think", parsed.content().get(0).asThinking().thinking());
        assertEquals("Checking.", parsed.content().get(1).asText().text());
        assertEquals("call_1", parsed.content().get(2).asToolUse().id());
        assertEquals(Json.parse("{\"file_path\":\"/a\"}"), message.at("/content/2/input"));
        assertEquals(Json.parse("{\"_raw\":\"{\\\"x\\\": 1\"}"), message.at("/content/3/input"));
        assertEquals(StopReason.TOOL_USE, parsed.stopReason().orElseThrow());
        assertEquals(40, parsed.usage().inputTokens());
        assertEquals(60, parsed.usage().cacheReadInputTokens().orElseThrow());
        assertEquals(0, parsed.usage().cacheCreationInputTokens().orElseThrow());
        assertEquals(20, parsed.usage().outputTokens());
    }

    @Test
    void aPlainAnswerAndTheStopReasons() throws Exception {
        ObjectNode message = MessagesAnswerMapper.toMessage(Json.parse("{\"id\":\"x\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"finish_reason\":\"length\"}],"
                + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1,\"total_tokens\":4}}"), "gpt-4o");
        Message parsed = sdk(message);
        assertEquals("Hi", parsed.content().get(0).asText().text());
        assertEquals(StopReason.MAX_TOKENS, parsed.stopReason().orElseThrow());
        assertTrue(parsed.stopSequence().isEmpty());
        assertEquals("end_turn", MessagesUsage.stopReason("stop"));
        assertEquals("refusal", MessagesUsage.stopReason("content_filter"));
        assertEquals("end_turn", MessagesUsage.stopReason(null));
    }

    @Test
    void errorsAreTypedByStatus() throws Exception {
        assertEquals(Json.parse("{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":\"no\"},"
                + "\"request_id\":\"req_1\"}"), MessagesErrors.body(404, "no", "req_1"));
        assertEquals("invalid_request_error", MessagesErrors.type(400));
        assertEquals("authentication_error", MessagesErrors.type(401));
        assertEquals("permission_error", MessagesErrors.type(403));
        assertEquals("request_too_large", MessagesErrors.type(413));
        assertEquals("rate_limit_error", MessagesErrors.type(429));
        assertEquals("api_error", MessagesErrors.type(502));
        assertEquals("overloaded_error", MessagesErrors.type(503));
        assertEquals("timeout_error", MessagesErrors.type(504));
    }

    @Test
    void theModelListInAnthropicsShape() throws Exception {
        ObjectNode list = MessagesModelList.of(Json.parse("{\"object\":\"list\",\"data\":[{\"id\":\"gpt-4o\","
                + "\"object\":\"model\",\"created\":1715367049,\"owned_by\":\"openai\"},{\"id\":\"claude-x\","
                + "\"object\":\"model\",\"created\":0,\"owned_by\":\"anthropic\"}]}"));
        assertEquals("gpt-4o", list.path("first_id").asText());
        assertEquals("claude-x", list.path("last_id").asText());
        assertEquals("2024-05-10T18:50:49Z", list.at("/data/0/created_at").asText());
        assertEquals("model", list.at("/data/1/type").asText());
        assertTrue(MessagesModelList.of(Json.parse("{\"data\":[]}")).path("first_id").isNull());
    }
}

package dev.onellmapi.frontdoor.messages;

import dev.onellmapi.provider.gemini.GeminiType;
import dev.onellmapi.provider.openai.OpenAiType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.Json;
import org.junit.jupiter.api.Test;

import java.io.InputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Messages requests → the chat form: Claude Code's own recorded requests, and each field's rule. */
class MessagesRequestMapperTest {
    private static final TranslatedModel GPT_4O = new TranslatedModel(new OpenAiType(), "gpt-4o");
    private static final TranslatedModel GEMINI = new TranslatedModel(new GeminiType(), "gemini-2.0-flash");
    private static final TranslatedModel O3 = new TranslatedModel(new OpenAiType(), "o3");

    /** A request Claude Code 2.1.337 sent for gpt-4o (recorded against a fake), second turn: after a Read call. */
    static ObjectNode claudeCodeRequest() throws Exception {
        try (InputStream in = MessagesRequestMapperTest.class.getResourceAsStream("claude-code-gpt-4o-tool-round.json")) {
            return (ObjectNode) Json.MAPPER.readTree(in).get("body");
        }
    }

    private static ObjectNode request(String json) throws Exception {
        return (ObjectNode) Json.parse(json);
    }

    private static ObjectNode minimal(String extra) throws Exception {
        return request("{\"model\":\"gpt-4o\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]"
                + extra + "}");
    }

    private static InvalidMessagesRequest refused(ObjectNode request, TranslatedModel target) {
        return assertThrows(InvalidMessagesRequest.class, () -> MessagesRequestMapper.toChat(request, target));
    }

    @Test
    void claudeCodesRequestForAModelItDoesNotKnowBecomesOneOpenAiTakes() throws Exception {
        ChatTranslation translation = MessagesRequestMapper.toChat(claudeCodeRequest(), GPT_4O);
        ObjectNode chat = translation.chat();
        JsonNode messages = chat.get("messages");
        // system first (without the billing line), the user turn, Claude Code's mid-conversation system turn, the
        // Read call and its result
        assertEquals("system", messages.get(0).path("role").asText());
        assertTrue(messages.get(0).path("content").asText().startsWith("You are a Claude agent"));
        assertFalse(messages.get(0).path("content").asText().contains("x-anthropic-billing-header"));
        assertEquals("user", messages.get(1).path("role").asText());
        assertEquals("system", messages.get(2).path("role").asText());
        JsonNode call = messages.get(3).path("tool_calls").get(0);
        assertEquals("toolu_1", call.path("id").asText());
        assertEquals("Read", call.path("function").path("name").asText());
        assertEquals("{\"file_path\":\"/tmp/rec/file.txt\"}", call.path("function").path("arguments").asText());
        assertTrue(messages.get(3).path("content").isNull());
        assertEquals("tool", messages.get(4).path("role").asText());
        assertEquals("toolu_1", messages.get(4).path("tool_call_id").asText());
        assertEquals("1\tsecret content 42\n2\t", messages.get(4).path("content").asText());
        assertEquals(5, messages.size());

        assertEquals(16384, chat.path("max_completion_tokens").asInt()); // asked 32000: gpt-4o's most
        assertFalse(chat.has("reasoning_effort")); // gpt-4o does not reason: it would refuse the field
        assertTrue(chat.path("stream").asBoolean());
        assertTrue(chat.path("stream_options").path("include_usage").asBoolean());
        assertTrue(chat.path("user").asText().contains("session_id"));
        assertEquals(12, chat.path("tools").size());
        JsonNode read = chat.path("tools").get(4).path("function");
        assertEquals("Read", read.path("name").asText());
        assertFalse(read.path("parameters").has("$schema"));
        assertEquals(0, read.path("parameters").path("properties").path("limit").path("exclusiveMinimum").asInt());
        assertEquals("cache_control,thinking,output_config.effort,context_management", translation.ignoredHeader()
                .replace(",defer_loading", ""));
        assertTrue(translation.ignored().contains("defer_loading"));
    }

    @Test
    void aModelThatReasonsGetsClaudeCodesEffort() throws Exception {
        ObjectNode chat = MessagesRequestMapper.toChat(claudeCodeRequest(), O3).chat();
        assertEquals("high", chat.path("reasoning_effort").asText());
        assertEquals(32000, chat.path("max_completion_tokens").asInt());
        assertEquals(8192, MessagesRequestMapper.toChat(claudeCodeRequest(), GEMINI).chat()
                .path("max_completion_tokens").asInt());
    }

    @Test
    void thinkingBudgetsAndEffortsPickTheReasoningEffort() throws Exception {
        assertEquals("low", effort("\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2000}"));
        assertEquals("medium", effort("\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":10000}"));
        assertEquals("high", effort("\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":31999}"));
        assertEquals("high", effort("\"thinking\":{\"type\":\"adaptive\"},\"output_config\":{\"effort\":\"max\"}"));
        assertEquals("low", effort("\"output_config\":{\"effort\":\"low\"}"));
        assertNull(effort("\"thinking\":{\"type\":\"adaptive\"}"));
        assertNull(effort("\"thinking\":{\"type\":\"disabled\"}"));
        assertEquals("thinking.budget_tokens", refused(minimal(",\"thinking\":{\"type\":\"enabled\"}"), O3).field());
        assertEquals("output_config.effort", refused(minimal(",\"output_config\":{\"effort\":\"huge\"}"), O3).field());
    }

    private static String effort(String extra) throws Exception {
        JsonNode effort = MessagesRequestMapper.toChat(minimal("," + extra), O3).chat().get("reasoning_effort");
        return effort == null ? null : effort.asText();
    }

    @Test
    void contentBlocksImagesAndToolResults() throws Exception {
        ObjectNode request = request("""
                {"model":"gpt-4o","max_tokens":50,
                 "system":[{"type":"text","text":"Be brief."},{"type":"text","text":"Be kind.","cache_control":{"type":"ephemeral"}}],
                 "messages":[
                  {"role":"user","content":[{"type":"text","text":"What is here?"},
                    {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBOR"}},
                    {"type":"image","source":{"type":"url","url":"https://example.com/a.jpg"}}]},
                  {"role":"assistant","content":[{"type":"thinking","thinking":"hmm","signature":"sig"},
                    {"type":"text","text":"Let me look."},
                    {"type":"tool_use","id":"toolu_a","name":"Read","input":{"file_path":"/x.png"}},
                    {"type":"tool_use","id":"toolu_b","name":"Read","input":{"file_path":"/y"}}]},
                  {"role":"user","content":[
                    {"type":"tool_result","tool_use_id":"toolu_a","content":[{"type":"text","text":"an image:"},
                      {"type":"image","source":{"type":"base64","media_type":"image/png","data":"AAAA"}}]},
                    {"type":"tool_result","tool_use_id":"toolu_b","is_error":true,"content":"no such file"},
                    {"type":"text","text":"And?"}]}]}
                """);
        JsonNode messages = MessagesRequestMapper.toChat(request, GPT_4O).chat().get("messages");
        assertEquals(Json.parse("""
                [{"role":"system","content":"Be brief.\\nBe kind."},
                 {"role":"user","content":[{"type":"text","text":"What is here?"},
                   {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBOR"}},
                   {"type":"image_url","image_url":{"url":"https://example.com/a.jpg"}}]},
                 {"role":"assistant","content":"Let me look.","tool_calls":[
                   {"id":"toolu_a","type":"function","function":{"name":"Read","arguments":"{\\"file_path\\":\\"/x.png\\"}"}},
                   {"id":"toolu_b","type":"function","function":{"name":"Read","arguments":"{\\"file_path\\":\\"/y\\"}"}}]},
                 {"role":"tool","tool_call_id":"toolu_a","content":"an image:"},
                 {"role":"tool","tool_call_id":"toolu_b","content":"Error: no such file"},
                 {"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"}},
                   {"type":"text","text":"And?"}]}]
                """), messages);
    }

    @Test
    void documentsAsTextOrAsOpenAiFiles() throws Exception {
        ObjectNode request = minimal("");
        ((ObjectNode) request.get("messages").get(0)).set("content", Json.parse("""
                [{"type":"document","source":{"type":"text","media_type":"text/plain","data":"plain words"}},
                 {"type":"document","title":"a.pdf","source":{"type":"base64","media_type":"application/pdf","data":"JVBE"}}]
                """));
        JsonNode parts = MessagesRequestMapper.toChat(request, GPT_4O).chat().get("messages").get(0).get("content");
        assertEquals("plain words", parts.get(0).path("text").asText());
        assertEquals(Json.parse("{\"type\":\"file\",\"file\":{\"filename\":\"a.pdf\","
                + "\"file_data\":\"data:application/pdf;base64,JVBE\"}}"), parts.get(1));
        assertEquals("messages[0].content[1].source.type", refused(request, GEMINI).field());
    }

    @Test
    void toolsAndToolChoice() throws Exception {
        String tools = ",\"tools\":[{\"name\":\"get_weather\",\"description\":\"Weather\",\"input_schema\":"
                + "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\",\"properties\":"
                + "{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"],\"additionalProperties\":false}},"
                + "{\"type\":\"web_search_20250305\",\"name\":\"web_search\",\"max_uses\":3}]";
        ChatTranslation auto = MessagesRequestMapper.toChat(minimal(tools
                + ",\"tool_choice\":{\"type\":\"auto\",\"disable_parallel_tool_use\":true}"), GPT_4O);
        assertEquals(Json.parse("[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"description\":"
                + "\"Weather\",\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
                + "\"required\":[\"city\"],\"additionalProperties\":false}}}]"), auto.chat().get("tools"));
        assertEquals("auto", auto.chat().path("tool_choice").asText());
        assertFalse(auto.chat().path("parallel_tool_calls").asBoolean(true));
        assertEquals("tools[web_search]", auto.ignoredHeader());
        assertEquals("required", MessagesRequestMapper.toChat(minimal(tools + ",\"tool_choice\":{\"type\":\"any\"}"),
                GPT_4O).chat().path("tool_choice").asText());
        assertEquals("none", MessagesRequestMapper.toChat(minimal(tools + ",\"tool_choice\":{\"type\":\"none\"}"),
                GPT_4O).chat().path("tool_choice").asText());
        assertEquals(Json.parse("{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}"),
                MessagesRequestMapper.toChat(minimal(tools + ",\"tool_choice\":{\"type\":\"tool\",\"name\":"
                        + "\"get_weather\"}"), GPT_4O).chat().get("tool_choice"));
        assertEquals("tool_choice.type", refused(minimal(tools + ",\"tool_choice\":{\"type\":\"some\"}"), GPT_4O)
                .field());
        // only a server tool offered, and a call demanded: nothing the model could call
        String serverOnly = ",\"tools\":[{\"type\":\"web_search_20250305\",\"name\":\"web_search\"}]";
        assertEquals("tool_choice", refused(minimal(serverOnly + ",\"tool_choice\":{\"type\":\"any\"}"), GPT_4O)
                .field());
        ObjectNode autoServerOnly = MessagesRequestMapper.toChat(minimal(serverOnly
                + ",\"tool_choice\":{\"type\":\"auto\"}"), GPT_4O).chat();
        assertFalse(autoServerOnly.has("tools"));
        assertFalse(autoServerOnly.has("tool_choice"));
    }

    @Test
    void samplingStopsAndTopKWhereTheProviderHasIt() throws Exception {
        ObjectNode chat = MessagesRequestMapper.toChat(minimal(",\"temperature\":0.2,\"top_p\":0.9,"
                + "\"stop_sequences\":[\"END\"],\"metadata\":{\"user_id\":\"u-1\"}"), GPT_4O).chat();
        assertEquals(0.2, chat.path("temperature").asDouble());
        assertEquals(0.9, chat.path("top_p").asDouble());
        assertEquals(Json.parse("[\"END\"]"), chat.get("stop"));
        assertEquals("u-1", chat.path("user").asText());
        assertFalse(chat.has("stream"));
        assertEquals("top_k", refused(minimal(",\"top_k\":40"), GPT_4O).field());
        assertEquals(40, MessagesRequestMapper.toChat(minimal(",\"top_k\":40"), GEMINI).chat().path("top_k").asInt());
        assertEquals("stop_sequences", refused(minimal(",\"stop_sequences\":[\"a\",\"b\",\"c\",\"d\",\"e\"]"),
                GPT_4O).field());
        assertEquals("temperature", refused(minimal(",\"temperature\":1.5"), GPT_4O).field());
    }

    @Test
    void aJsonAnswerIsAResponseFormat() throws Exception {
        ObjectNode chat = MessagesRequestMapper.toChat(minimal(",\"output_config\":{\"format\":{\"type\":"
                + "\"json_schema\",\"schema\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}}}"),
                GPT_4O).chat();
        assertEquals(Json.parse("{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"answer\",\"strict\":true,"
                + "\"schema\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}}}"),
                chat.get("response_format"));
    }

    @Test
    void steeringAndUnknownFieldsAreNamedWhatCannotBeDoneIsRefused() throws Exception {
        ChatTranslation translation = MessagesRequestMapper.toChat(minimal(",\"service_tier\":\"auto\","
                + "\"context_management\":{},\"brand_new_field\":1"), GPT_4O);
        assertEquals("service_tier,context_management,brand_new_field", translation.ignoredHeader());
        assertNull(MessagesRequestMapper.toChat(minimal(""), GPT_4O).ignoredHeader());
        assertNull(MessagesRequestMapper.toChat(minimal(",\"mcp_servers\":[]"), GPT_4O).ignoredHeader());
        assertEquals("mcp_servers", refused(minimal(",\"mcp_servers\":[{\"type\":\"url\",\"url\":\"https://x\","
                + "\"name\":\"x\"}]"), GPT_4O).field());
    }

    @Test
    void malformedRequestsNameTheField() throws Exception {
        assertEquals("max_tokens", refused(request("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Hi\"}]}"), GPT_4O).field());
        assertEquals("max_tokens", refused(minimal("").put("max_tokens", 0), GPT_4O).field());
        assertEquals("messages", refused(request("{\"model\":\"m\",\"max_tokens\":1,\"messages\":[]}"), GPT_4O)
                .field());
        assertEquals("messages[0].role", refused(request("{\"model\":\"m\",\"max_tokens\":1,\"messages\":"
                + "[{\"role\":\"bot\",\"content\":\"x\"}]}"), GPT_4O).field());
        assertEquals("messages[0].content[0].source.type", refused(request("{\"model\":\"m\",\"max_tokens\":1,"
                + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image\",\"source\":{\"type\":\"file\","
                + "\"file_id\":\"f\"}}]}]}"), GPT_4O).field());
        assertEquals("messages[0].content[0].type", refused(request("{\"model\":\"m\",\"max_tokens\":1,"
                + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"search_result\"}]}]}"), GPT_4O).field());
        assertEquals("messages[0].content[0].input", refused(request("{\"model\":\"m\",\"max_tokens\":1,"
                + "\"messages\":[{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t\","
                + "\"name\":\"n\",\"input\":\"x\"}]}]}"), GPT_4O).field());
    }
}

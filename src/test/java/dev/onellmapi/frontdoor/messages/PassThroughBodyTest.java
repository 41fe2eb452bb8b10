package dev.onellmapi.frontdoor.messages;

import dev.onellmapi.wire.Json;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pass-through's body: only the model's bytes replaced, everything else as the client sent it. */
class PassThroughBodyTest {
    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void onlyTheModelValueChanges() {
        String before = "{ \"thinking\" : {\"type\":\"enabled\",\"budget_tokens\":2048},\n  \"model\" :  \"anthropic/claude-x\",";
        String after = " \"messages\":[{\"role\":\"assistant\",\"content\":[{\"type\":\"thinking\",\"thinking\":\"× ünïcode \\u00e9\","
                + "\"signature\":\"EqQB+/==\"}]}], \"stream\" : true , \"brand_new\": 1.50 }";
        RawMessagesBody body = RawMessagesBody.read(utf8(before + after));
        assertEquals("anthropic/claude-x", body.model());
        assertTrue(body.stream());
        assertArrayEquals(utf8(before.replace("\"anthropic/claude-x\"", "\"claude-sonnet-4-5\"") + after),
                body.withModel("claude-sonnet-4-5"));
    }

    @Test
    void aModelWrittenWithEscapesIsReadAndReplacedWhole() {
        RawMessagesBody body = RawMessagesBody.read(utf8("{\"model\":\"claude\\u002dx\",\"max_tokens\":1}"));
        assertEquals("claude-x", body.model());
        assertFalse(body.stream());
        assertArrayEquals(utf8("{\"model\":\"a\\\"b\",\"max_tokens\":1}"), body.withModel("a\"b"));
    }

    @Test
    void claudeCodesRecordedRequestKeepsEveryOtherByte() throws Exception {
        byte[] recorded;
        try (InputStream in = getClass().getResourceAsStream("claude-code-claude-sonnet-4-5-tool-round.json")) {
            recorded = Json.bytes(Json.MAPPER.readTree(in).get("body"));
        }
        RawMessagesBody body = RawMessagesBody.read(recorded);
        byte[] sent = body.withModel("claude-sonnet-4-5-20250929");
        String expected = new String(recorded, StandardCharsets.UTF_8)
                .replace("\"model\":\"claude-sonnet-4-5\"", "\"model\":\"claude-sonnet-4-5-20250929\"");
        assertEquals(expected, new String(sent, StandardCharsets.UTF_8));
    }

    @Test
    void bodiesThatAreNotOneObjectWithAModelAreRefused() {
        assertEquals("model", assertThrows(InvalidMessagesRequest.class,
                () -> RawMessagesBody.read(utf8("{\"max_tokens\":1}"))).field());
        assertEquals("model", assertThrows(InvalidMessagesRequest.class,
                () -> RawMessagesBody.read(utf8("{\"model\":3}"))).field());
        assertEquals("body", assertThrows(InvalidMessagesRequest.class,
                () -> RawMessagesBody.read(utf8("{\"model\":\"a\"} {}"))).field());
        assertEquals("body", assertThrows(InvalidMessagesRequest.class,
                () -> RawMessagesBody.read(utf8("[1]"))).field());
        assertEquals("body", assertThrows(InvalidMessagesRequest.class,
                () -> RawMessagesBody.read(utf8("{\"model\":\"a\""))).field());
    }
}

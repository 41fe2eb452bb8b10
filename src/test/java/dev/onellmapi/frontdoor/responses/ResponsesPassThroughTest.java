package dev.onellmapi.frontdoor.responses;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.Json;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The pass-through replaces only the model in the client's bytes, and reads the usage without touching the stream. */
class ResponsesPassThroughTest {
    static byte[] resource(String name) throws IOException {
        try (InputStream in = ResponsesPassThroughTest.class.getResourceAsStream("/frontdoor/responses/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void onlyTheModelChanges() throws IOException {
        String body = "{ \"input\" : [{\"type\":\"reasoning\",\"encrypted_content\":\"gAAAAB\\u00e9==\"}],\n"
                + "  \"tools\":[{\"type\":\"web_search\",\"model\":\"not this one\"}], \"model\" :\"openai/gpt-5\" ,"
                + "\"x_new\": 1.50}";
        byte[] out = ResponsesPassThrough.withModel(body.getBytes(StandardCharsets.UTF_8), "gpt-5");
        assertEquals(body.replace("\"openai/gpt-5\"", "\"gpt-5\""), new String(out, StandardCharsets.UTF_8));
        byte[] same = body.replace("openai/gpt-5", "gpt-5").getBytes(StandardCharsets.UTF_8);
        assertSame(same, ResponsesPassThrough.withModel(same, "gpt-5"));
    }

    @Test
    void theRecordedCodexBodyKeepsEveryOtherByte() throws IOException {
        byte[] body = resource("codex-turn2-body.json");
        byte[] out = ResponsesPassThrough.withModel(body, "claude-sonnet-4-5-20250929");
        ObjectNode before = (ObjectNode) Json.parse(body);
        ObjectNode after = (ObjectNode) Json.parse(out);
        assertEquals("claude-sonnet-4-5-20250929", after.get("model").asText());
        after.put("model", before.get("model").asText());
        assertEquals(before, after);
        byte[] back = ResponsesPassThrough.withModel(out, before.get("model").asText());
        assertArrayEquals(body, back);
    }

    @Test
    void usageComesFromTheLastEventOnly() throws IOException {
        String stream = new String(resource("openai-reasoning-stream.sse"), StandardCharsets.UTF_8);
        ObjectNode usage = null;
        int found = 0;
        for (String frame : stream.split("\n\n")) {
            String type = frame.substring("event: ".length(), frame.indexOf('\n'));
            String data = frame.substring(frame.indexOf("data: ") + 6);
            ObjectNode eventUsage = ResponsesPassThrough.usageOfEvent(type, data);
            if (eventUsage != null) {
                usage = eventUsage;
                found++;
            }
        }
        assertEquals(1, found);
        assertEquals(1843, usage.get("prompt_tokens").asInt());
        assertEquals(212, usage.get("completion_tokens").asInt());
        assertEquals(2055, usage.get("total_tokens").asInt());
        assertEquals(1536, usage.at("/prompt_tokens_details/cached_tokens").asInt());
        assertEquals(192, usage.at("/completion_tokens_details/reasoning_tokens").asInt());
        assertNull(ResponsesPassThrough.usageOfEvent("", "{\"type\":\"response.output_text.delta\"}"));
    }
}

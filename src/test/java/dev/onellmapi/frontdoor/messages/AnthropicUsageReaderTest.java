package dev.onellmapi.frontdoor.messages;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Usage read beside a passed-through answer, prompt-cache reads and writes included. */
class AnthropicUsageReaderTest {
    static String thinkingStream() throws Exception {
        try (InputStream in = AnthropicUsageReaderTest.class.getResourceAsStream("anthropic-thinking-stream.sse")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aStreamsUsageIsMessageStartsThenEachMessageDeltasField() throws Exception {
        AnthropicUsageReader reader = new AnthropicUsageReader();
        for (String frame : thinkingStream().split("\n\n")) {
            reader.event(frame.substring(frame.indexOf("data: ") + 6));
        }
        assertTrue(reader.seen());
        assertEquals(1520, reader.inputTokens());
        assertEquals(187, reader.outputTokens());
        assertEquals(1024, reader.cacheWriteTokens());
        assertEquals(20480, reader.cacheReadTokens());
    }

    @Test
    void aWholeAnswersUsage() {
        AnthropicUsageReader reader = new AnthropicUsageReader();
        reader.answer(("{\"id\":\"msg_1\",\"type\":\"message\",\"content\":[],\"usage\":{\"input_tokens\":10,"
                + "\"cache_creation_input_tokens\":3,\"cache_read_input_tokens\":5,\"output_tokens\":7}}")
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(10, reader.inputTokens());
        assertEquals(7, reader.outputTokens());
        assertEquals(3, reader.cacheWriteTokens());
        assertEquals(5, reader.cacheReadTokens());
        AnthropicUsageReader none = new AnthropicUsageReader();
        none.answer("<html>".getBytes(StandardCharsets.UTF_8));
        assertFalse(none.seen());
    }
}

package dev.onellmapi.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.onellmapi.wire.Json;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The remembered thinking stays bounded: by tool calls and by characters, the least recently used let go first. */
class AnthropicThinkingBlocksTest {
    private static ArrayNode blocks(String thinking) {
        ArrayNode blocks = Json.array();
        blocks.addObject().put("type", "thinking").put("thinking", thinking).put("signature", "sig");
        return blocks;
    }

    private static JsonNode turn(String toolCallId) throws Exception {
        return Json.parse("{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"" + toolCallId + "\"}]}");
    }

    @Test
    void theOldestAreLetGoBeyondTheCountOrTheCharacters() throws Exception {
        AnthropicThinkingBlocks.remember(blocks("first"), List.of("bound_first"));
        for (int i = 0; i < AnthropicThinkingBlocks.REMEMBERED; i++) {
            AnthropicThinkingBlocks.remember(blocks("t"), List.of("bound_" + i));
        }
        assertTrue(AnthropicThinkingBlocks.of(turn("bound_first")).isEmpty(), "one over the count: the oldest goes");
        assertEquals("t", AnthropicThinkingBlocks.of(turn("bound_0")).get(0).path("thinking").asText());

        String big = "x".repeat((int) (AnthropicThinkingBlocks.MAX_CHARS / 2));
        AnthropicThinkingBlocks.remember(blocks(big), List.of("big_1"));
        AnthropicThinkingBlocks.remember(blocks(big), List.of("big_2"));
        assertTrue(AnthropicThinkingBlocks.of(turn("big_1")).isEmpty(), "over the characters: the oldest goes");
        assertEquals(big, AnthropicThinkingBlocks.of(turn("big_2")).get(0).path("thinking").asText());
    }
}

package dev.onellmapi.provider.palm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.Json;
import dev.onellmapi.provider.gemini.MessageText;

/**
 * OpenAI {@code messages} as a generateMessage {@code prompt}: system messages → {@code context}, the turns →
 * {@code messages[{author, content}]}. Authors are "0" (user) and "1" (model), as in Google's own PaLM chat prompts;
 * PaLM wants them to alternate, so consecutive turns of one author are joined.
 */
final class PalmMessagePrompt {
    static final String USER = "0";
    static final String MODEL = "1";

    private PalmMessagePrompt() {
    }

    static ObjectNode of(JsonNode messages) {
        StringBuilder context = new StringBuilder();
        ArrayNode turns = Json.array();
        for (JsonNode message : messages) {
            String role = message.path("role").asText();
            String text = MessageText.of(message.get("content"));
            switch (PalmRole.of(role)) {
                case SYSTEM -> context.append(context.isEmpty() ? "" : "\n\n").append(text);
                case USER -> add(turns, USER, text);
                case MODEL -> add(turns, MODEL, text);
            }
        }
        if (turns.isEmpty()) {
            // PaLM refuses a prompt without messages: a system-only conversation is asked as the user's turn
            add(turns, USER, context.toString());
            context.setLength(0);
        }
        ObjectNode prompt = Json.object();
        if (!context.isEmpty()) {
            prompt.put("context", context.toString());
        }
        prompt.set("messages", turns);
        return prompt;
    }

    private static void add(ArrayNode turns, String author, String text) {
        JsonNode last = turns.isEmpty() ? null : turns.get(turns.size() - 1);
        if (last != null && author.equals(last.path("author").asText())) {
            ((ObjectNode) last).put("content", last.path("content").asText() + "\n\n" + text);
            return;
        }
        turns.addObject().put("author", author).put("content", text);
    }
}

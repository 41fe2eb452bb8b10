package dev.onellmapi.provider.palm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.onellmapi.provider.gemini.MessageText;

/**
 * OpenAI {@code messages} flattened into one generateText {@code prompt.text}, the form text models complete best:
 * the system messages first as plain paragraphs, then each turn as {@code "User: ..."} / {@code "Assistant: ..."}
 * separated by blank lines, ending with {@code "Assistant:"} for the model to continue. A single user message and
 * nothing else is sent as its bare text, so a plain completion prompt reaches the model unchanged.
 */
final class PalmTextPrompt {
    private PalmTextPrompt() {
    }

    static String of(JsonNode messages) {
        if (messages.size() == 1 && PalmRole.of(messages.get(0).path("role").asText()) == PalmRole.USER) {
            return MessageText.of(messages.get(0).get("content"));
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode message : messages) {
            String content = MessageText.of(message.get("content"));
            switch (PalmRole.of(message.path("role").asText())) {
                case SYSTEM -> text.append(content);
                case USER -> text.append("User: ").append(content);
                case MODEL -> text.append("Assistant: ").append(content);
            }
            text.append("\n\n");
        }
        return text.append("Assistant:").toString();
    }
}

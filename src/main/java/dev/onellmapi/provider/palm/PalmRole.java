package dev.onellmapi.provider.palm;

import dev.onellmapi.wire.ApiError;

/** The three parts a PaLM prompt knows; tool turns have no place in it. */
enum PalmRole {
    SYSTEM, USER, MODEL;

    static PalmRole of(String openAiRole) {
        return switch (openAiRole) {
            case "system", "developer" -> SYSTEM;
            case "user" -> USER;
            case "assistant" -> MODEL;
            default -> throw ApiError.invalidRequest("PaLM models do not take messages of role '" + openAiRole + "'",
                    "messages");
        };
    }
}

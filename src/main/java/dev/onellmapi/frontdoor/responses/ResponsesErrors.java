package dev.onellmapi.frontdoor.responses;

/**
 * Errors of this door are OpenAI's shape already ({@code {"error": {...}}}); what differs is the parameter a 400
 * names: the chat door's rules name chat fields, the client sent Responses ones.
 */
public final class ResponsesErrors {
    private ResponsesErrors() {
    }

    /** The Responses parameter behind a chat parameter a refusal names (null stays null). */
    public static String param(String chatParam) {
        if (chatParam == null) {
            return null;
        }
        if (chatParam.startsWith("messages")) {
            return "input";
        }
        if (chatParam.startsWith("response_format")) {
            return "text.format";
        }
        if (chatParam.startsWith("tools")) {
            return "tools";
        }
        return switch (chatParam) {
            case "max_completion_tokens", "max_tokens" -> "max_output_tokens";
            case "reasoning_effort" -> "reasoning.effort";
            default -> chatParam;
        };
    }
}

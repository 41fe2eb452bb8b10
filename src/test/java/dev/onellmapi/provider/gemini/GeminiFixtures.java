package dev.onellmapi.provider.gemini;

/** Gemini-shaped bodies the fake Gemini answers with. */
final class GeminiFixtures {
    static final String GENERATE = "/v1beta/models/gemini-1.5-flash:generateContent";
    static final String STREAM = "/v1beta/models/gemini-1.5-flash:streamGenerateContent";

    private GeminiFixtures() {
    }

    static String answer(String text) {
        return "{\"candidates\":[" + candidate(0, text, "STOP") + "],\"usageMetadata\":{\"promptTokenCount\":5,"
                + "\"candidatesTokenCount\":7,\"totalTokenCount\":12},\"modelVersion\":\"gemini-1.5-flash-002\"}";
    }

    static String candidate(int index, String text, String finishReason) {
        return "{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"" + text + "\"}]},"
                + (finishReason == null ? "" : "\"finishReason\":\"" + finishReason + "\",") + "\"index\":" + index
                + "}";
    }

    /** One stream event as Gemini writes it: CRLF line ends. */
    static String event(String json) {
        return "data: " + json + "\r\n\r\n";
    }

    static String textEvent(String text, String finishReason, int promptTokens, int candidateTokens) {
        return event("{\"candidates\":[" + candidate(0, text, finishReason) + "],\"usageMetadata\":{"
                + "\"promptTokenCount\":" + promptTokens + ",\"candidatesTokenCount\":" + candidateTokens
                + ",\"totalTokenCount\":" + (promptTokens + candidateTokens) + "}}");
    }

    static String googleError(int code, String status, String message) {
        return "{\"error\":{\"code\":" + code + ",\"message\":\"" + message + "\",\"status\":\"" + status + "\"}}";
    }
}

package dev.onellmapi.usage;

/**
 * One answer's tokens: prompt (cached ones included, as OpenAI counts them), completion, the cached part of the
 * prompt, and whether the gateway estimated them (a stream cut short, a provider that reports none).
 */
public record Usage(long promptTokens, long completionTokens, long cachedTokens, boolean estimated) {
    public static final Usage NONE = new Usage(0, 0, 0, false);

    public long total() {
        return promptTokens + completionTokens;
    }
}

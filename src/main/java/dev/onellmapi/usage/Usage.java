package dev.onellmapi.usage;

/**
 * One answer's tokens: prompt (cached ones and cache writes included, as OpenAI counts them), completion, the cached
 * part of the prompt (cache reads), the part written to the provider's prompt cache (Anthropic prices it above the
 * input rate), and whether the gateway estimated them (a stream cut short, a provider that reports none).
 */
public record Usage(long promptTokens, long completionTokens, long cachedTokens, long cacheWriteTokens,
                    boolean estimated) {
    public static final Usage NONE = new Usage(0, 0, 0, false);

    /** Usage without cache writes (every provider but Anthropic). */
    public Usage(long promptTokens, long completionTokens, long cachedTokens, boolean estimated) {
        this(promptTokens, completionTokens, cachedTokens, 0, estimated);
    }

    public long total() {
        return promptTokens + completionTokens;
    }
}

package dev.onellmapi.frontdoor.messages;

import dev.onellmapi.model.ProviderType;
import java.util.List;
import java.util.Locale;

/**
 * What the Messages door must know of a non-Claude model to translate a request for it: whether its provider samples
 * with {@code top_k}, whether the model reasons (so {@code thinking} and {@code output_config.effort} mean something to
 * it), and the most output tokens it allows. Claude Code asks every model it does not know for {@code max_tokens}
 * 32000 and adaptive thinking at high effort: sent as is, gpt-4o refuses both. Known by name, as the providers document
 * their models; a name not listed here is sent what the client asked (no cap, no reasoning effort).
 *
 * @param provider the model's provider type
 * @param model    the provider's model name (an Azure deployment name is matched as if it were the model's)
 */
public record TranslatedModel(ProviderType provider, String model) {
    /** Output caps by name prefix, most specific first (OpenAI's and Google's model pages). */
    private static final List<Cap> CAPS = List.of(
            new Cap("gpt-4o", 16_384), new Cap("chatgpt-4o", 16_384), new Cap("gpt-4.1", 32_768),
            new Cap("gpt-4-turbo", 4_096), new Cap("gpt-4-1106", 4_096), new Cap("gpt-4-0125", 4_096),
            new Cap("gpt-4", 8_192), new Cap("gpt-3.5", 4_096), new Cap("o1-mini", 65_536), new Cap("o1", 100_000),
            new Cap("o3", 100_000), new Cap("o4", 100_000), new Cap("gpt-5", 128_000),
            new Cap("gemini-1.", 8_192), new Cap("gemini-2.0", 8_192), new Cap("gemini-2.5", 65_536),
            new Cap("gemini-3", 65_536), new Cap("chat-bison", 1_024), new Cap("text-bison", 1_024));

    private record Cap(String prefix, int tokens) {
    }

    public TranslatedModel {
        model = model.toLowerCase(Locale.ROOT);
    }

    /** Whether its provider samples with top_k (OpenAI's chat API has none: it is dropped and said). */
    public boolean hasTopK() {
        return provider.samplesTopK();
    }

    /** Reasoning models: OpenAI's o-series and GPT-5, Gemini 2.5 and later. Others refuse a reasoning effort. */
    public boolean reasons() {
        return model.matches("(o1|o3|o4|gpt-5).*") || model.matches("gemini-(2\\.5|3).*");
    }

    /** The most output tokens the model allows, or 0 when the gateway does not know it. */
    public int outputCap() {
        for (Cap cap : CAPS) {
            if (model.startsWith(cap.prefix())) {
                return cap.tokens();
            }
        }
        return 0;
    }
}

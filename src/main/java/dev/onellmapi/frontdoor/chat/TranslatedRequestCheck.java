package dev.onellmapi.frontdoor.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.model.ModelTarget;
import dev.onellmapi.model.Provider;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The validation of a request some of whose models are translated (Anthropic, Gemini, PaLM), before anything is
 * sent: OpenAI's own rules ({@link ChatRequestRules}), then what each of those providers cannot do
 * ({@link ProviderLimits}). A request for OpenAI or Azure only is not checked here: they check their own.
 */
public final class TranslatedRequestCheck {
    private static final Set<Provider> TRANSLATED = EnumSet.of(Provider.ANTHROPIC, Provider.GEMINI, Provider.PALM);

    private TranslatedRequestCheck() {
    }

    /** @throws dev.onellmapi.wire.ApiError (400) naming the first parameter that is wrong */
    public static void check(ObjectNode body, boolean stream, List<ModelTarget> targets) {
        boolean checked = false;
        for (ModelTarget target : targets) {
            if (TRANSLATED.contains(target.provider())) {
                if (!checked) {
                    ChatRequestRules.check(body);
                    checked = true;
                }
                ProviderLimits.check(body, stream, target.provider());
            }
        }
    }
}

package dev.onellmapi.frontdoor.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.model.ModelTarget;

import java.util.List;

/**
 * The validation of a request some of whose models are translated (their type says so), before anything is sent:
 * OpenAI's own rules ({@link ChatRequestRules}), then what each of those providers cannot do (its type's
 * {@code checkRequest}). A request for OpenAI-shaped APIs only is not checked here: they check their own.
 */
public final class TranslatedRequestCheck {
    private TranslatedRequestCheck() {
    }

    /** @throws dev.onellmapi.wire.ApiError (400) naming the first parameter that is wrong */
    public static void check(ObjectNode body, boolean stream, List<ModelTarget> targets) {
        boolean checked = false;
        for (ModelTarget target : targets) {
            if (target.provider().translated()) {
                if (!checked) {
                    ChatRequestRules.check(body);
                    checked = true;
                }
                target.provider().checkRequest(body, stream);
            }
        }
    }
}

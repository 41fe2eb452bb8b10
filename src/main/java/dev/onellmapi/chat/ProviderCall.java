package dev.onellmapi.chat;

import dev.onellmapi.model.ModelTarget;

/** One model's share of a request: its position in the request's model list, where it goes, and the request. */
public record ProviderCall(int position, ModelTarget target, ChatRequest chat) {
    /** The provider's id ("openai", "azure", ...), as messages and breakers name it. */
    public String getProvider() {
        return target.getProvider();
    }
}

package dev.onellmapi.chat;

import dev.onellmapi.chat.ChatRequest;
import dev.onellmapi.model.ModelTarget;

/** One model's share of a request: its position in the request's model list, where it goes, and the request. */
public record ProviderCall(int position, ModelTarget target, ChatRequest chat) {
    public static final String PROPERTY = "oneLlmApi.providerCall";
    /**
     * The exchange property naming the provider type ({@code ProviderType}) whose own API a passed-through body is in:
     * fallbacks keep to models of that type, since the body means nothing to another.
     */
    public static final String PASSED_THROUGH_TO = "oneLlmApi.passedThroughTo";

    /** The provider's id ("openai", "azure", ...), as messages and breakers name it. */
    public String getProvider() {
        return target.getProvider();
    }
}

package dev.onellmapi.provider;

import dev.onellmapi.http.ChatRequest;
import dev.onellmapi.model.ModelTarget;

/** One model's share of a request: its position in the request's model list, where it goes, and the request. */
public record ProviderCall(int position, ModelTarget target, ChatRequest chat) {
    public static final String PROPERTY = "oneLlmApi.providerCall";

    /** Read by the provider router's {@code choice}. */
    public String getProvider() {
        return target.getProvider();
    }
}

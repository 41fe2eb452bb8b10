package dev.onellmapi.provider.anthropic;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

/**
 * Turns off Apache HttpClient's default retry of 429 and 503 answers, which sleeps for the provider's Retry-After
 * and sends the request again: the client would wait that long for a 429 that costs a second call. The gateway
 * answers at once and passes Retry-After on, so the client decides. Set on the Anthropic endpoints in
 * routes/anthropic.yaml; once the shared http component carries this setting, this class can go.
 */
public final class NoAutomaticRetries implements HttpClientConfigurer {
    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.disableAutomaticRetries();
    }
}

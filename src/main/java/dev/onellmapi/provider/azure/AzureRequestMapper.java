package dev.onellmapi.provider.azure;

import dev.onellmapi.model.Placement;
import dev.onellmapi.chat.ProviderCall;
import dev.onellmapi.provider.ProviderOverrides;
import dev.onellmapi.provider.UpstreamRequest;
import dev.onellmapi.provider.openai.OpenAiRequestMapper;
import org.apache.camel.Exchange;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
/**
 * Azure OpenAI request mapping: the OpenAI body to
 * {@code {resource endpoint}/openai/deployments/{deployment}/chat/completions?api-version=...} with the resource's own
 * key in {@code api-key}. The deployment in the URL decides the model; the body's {@code model} is the deployment.
 */
public final class AzureRequestMapper {
    private final String apiVersion;

    /** @param apiVersion AZURE_OPENAI_API_VERSION */
    public AzureRequestMapper(String apiVersion) {
        this.apiVersion = URLEncoder.encode(apiVersion, StandardCharsets.UTF_8);
    }

    public void map(Exchange exchange) {
        ProviderCall call = exchange.getMessage().getBody(ProviderCall.class);
        Placement resource = call.target().placement();
        // a configured Azure-style provider: its own endpoint and keys, the model name as the deployment
        String url = (resource == null ? call.target().instance().base() : resource.base())
                + "/openai/deployments/" + URLEncoder.encode(call.target().upstreamModel(), StandardCharsets.UTF_8)
                + "/chat/completions?api-version=" + apiVersion;
        UpstreamRequest.post(exchange, call, url, OpenAiRequestMapper.withModel(call), resource == null
                ? ProviderOverrides.headers(exchange, call) : resource.headers());
    }
}

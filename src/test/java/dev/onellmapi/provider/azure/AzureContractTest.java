package dev.onellmapi.provider.azure;

import dev.onellmapi.provider.openai.OpenAiShapedContract;
import dev.onellmapi.testing.GatewayWithFake;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

/** Azure OpenAI (a deployment of the built-in resources) through the provider contract. */
class AzureContractTest extends OpenAiShapedContract {
    @RegisterExtension
    static final GatewayWithFake fx = new GatewayWithFake(fake -> Map.of("azure.api-keys", "east:key-east",
            "azure.deployments", "gpt-4o=gpt4o-east", "azure.api-base", fake.baseUrl() + "/{resource}",
            "azure.api-version", "2024-10-21"));

    AzureContractTest() {
        super(fx, "gpt-4o", "/east/openai/deployments/gpt4o-east/chat/completions");
    }
}

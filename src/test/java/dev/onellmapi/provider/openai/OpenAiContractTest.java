package dev.onellmapi.provider.openai;

import dev.onellmapi.testing.GatewayWithFake;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

/** OpenAI through the provider contract. */
class OpenAiContractTest extends OpenAiShapedContract {
    @RegisterExtension
    static final GatewayWithFake fx = new GatewayWithFake(fake -> Map.of("openai.api-key", "sk-upstream",
            "openai.api-base", fake.baseUrl() + "/v1"));

    OpenAiContractTest() {
        super(fx, "gpt-4o", "/v1/chat/completions");
    }
}

package dev.onellmapi.provider.openai;

import dev.onellmapi.testing.GatewayWithFake;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

/** OpenAI through the provider contract. */
class OpenAiContractTest extends OpenAiShapedContract {
    @RegisterExtension
    static final GatewayWithFake fx = new GatewayWithFake(fake -> Map.of("openai.api-key", "sk-upstream",
            "openai.api-base", fake.baseUrl() + "/v1"));

    @Override
    protected GatewayWithFake fx() {
        return fx;
    }

    @Override
    protected String model() {
        return "gpt-4o";
    }

    @Override
    protected String path() {
        return "/v1/chat/completions";
    }
}

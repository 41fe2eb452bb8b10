package dev.onellmapi.provider.openai;

import dev.onellmapi.provider.ProviderContract;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.GatewayWithFake;
import dev.onellmapi.testing.OpenAiFixtures;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

/** OpenAI through the provider contract. */
class OpenAiContractTest extends ProviderContract {
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
    protected void answers(String text) {
        fx.fake().on("/v1/chat/completions", FakeProvider.json(200, OpenAiFixtures.completion("gpt-4o", text)));
    }

    @Override
    protected void streams(String first, String second) {
        fx.fake().on("/v1/chat/completions", FakeProvider.sse(List.of(
                FakeProvider.data(OpenAiFixtures.chunk("gpt-4o", first)),
                FakeProvider.data(OpenAiFixtures.chunk("gpt-4o", second)),
                FakeProvider.data(OpenAiFixtures.finalChunk("gpt-4o")), "data: [DONE]\n\n")));
    }

    @Override
    protected void callsWeatherForParis() {
        fx.fake().on("/v1/chat/completions", FakeProvider.json(200, "{\"id\":\"chatcmpl-1\",\"object\":"
                + "\"chat.completion\",\"created\":1700000000,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":"
                + "\"function\",\"function\":{\"name\":\"weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},"
                + "\"finish_reason\":\"tool_calls\"}]}"));
    }

    @Override
    protected void refuses(String message) {
        fx.fake().on("/v1/chat/completions", FakeProvider.json(400, "{\"error\":{\"message\":\"" + message
                + "\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}"));
    }
}

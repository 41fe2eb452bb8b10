package dev.onellmapi.provider.openai;

import dev.onellmapi.provider.ProviderContract;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.GatewayWithFake;
import dev.onellmapi.testing.OpenAiFixtures;

import java.util.List;

/** The provider contract's answers in OpenAI's own wire format, for the types that speak it (OpenAI, Azure). */
public abstract class OpenAiShapedContract extends ProviderContract {
    private final String path;

    /** @param path the path of the fake's chat completions endpoint for {@code model} */
    protected OpenAiShapedContract(GatewayWithFake gateway, String model, String path) {
        super(gateway, model);
        this.path = path;
    }

    @Override
    protected void answers(String text) {
        fake().on(path, FakeProvider.json(200, OpenAiFixtures.completion(model(), text)));
    }

    @Override
    protected void streams(String first, String second) {
        fake().on(path, FakeProvider.sse(List.of(FakeProvider.data(OpenAiFixtures.chunk(model(), first)),
                FakeProvider.data(OpenAiFixtures.chunk(model(), second)),
                FakeProvider.data(OpenAiFixtures.finalChunk(model())), "data: [DONE]\n\n")));
    }

    @Override
    protected void callsWeatherForParis() {
        fake().on(path, FakeProvider.json(200, "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\","
                + "\"created\":1700000000,\"model\":\"" + model() + "\",\"choices\":[{\"index\":0,\"message\":{"
                + "\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},"
                + "\"finish_reason\":\"tool_calls\"}]}"));
    }

    @Override
    protected void refuses(String message) {
        fake().on(path, FakeProvider.json(400, "{\"error\":{\"message\":\"" + message
                + "\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}"));
    }
}

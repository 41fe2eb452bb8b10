package dev.onellmapi.provider.gemini;

import dev.onellmapi.provider.ProviderContract;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.GatewayWithFake;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static dev.onellmapi.provider.gemini.GeminiFixtures.*;

/** Gemini through the provider contract. */
class GeminiContractTest extends ProviderContract {
    @RegisterExtension
    static final GatewayWithFake fx = new GatewayWithFake(fake -> Map.of("gemini.api-key", "goog-key",
            "gemini.api-base", fake.baseUrl()));

    GeminiContractTest() {
        super(fx, "gemini-1.5-flash");
    }

    @Override
    protected void answers(String text) {
        fake().on(GENERATE, FakeProvider.json(200, answer(text)));
    }

    @Override
    protected void streams(String first, String second) {
        fake().on(STREAM, FakeProvider.sse(List.of(textEvent(first, null, 5, 1), textEvent(second, "STOP", 5, 2))));
    }

    @Override
    protected void callsWeatherForParis() {
        fake().on(GENERATE, FakeProvider.json(200, "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":"
                + "[{\"functionCall\":{\"name\":\"weather\",\"args\":{\"city\":\"Paris\"}}}]},\"finishReason\":\"STOP\","
                + "\"index\":0}]}"));
    }

    @Override
    protected void refuses(String message) {
        fake().on(GENERATE, FakeProvider.json(400, googleError(400, "INVALID_ARGUMENT", message)));
    }
}

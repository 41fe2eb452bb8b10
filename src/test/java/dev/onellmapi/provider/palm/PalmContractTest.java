package dev.onellmapi.provider.palm;

import dev.onellmapi.provider.ProviderContract;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.GatewayWithFake;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

/**
 * PaLM through the provider contract. PaLM cannot stream (its whole answer is replayed as chunks) and has no tools
 * (a request with tools is refused).
 */
class PalmContractTest extends ProviderContract {
    private static final String MESSAGE = "/v1beta2/models/chat-bison-001:generateMessage";

    @RegisterExtension
    static final GatewayWithFake fx = new GatewayWithFake(fake -> Map.of("palm.api-key", "palm-key",
            "palm.api-base", fake.baseUrl()));

    PalmContractTest() {
        super(fx, "chat-bison-001");
    }

    @Override
    protected void answers(String text) {
        fake().on(MESSAGE, FakeProvider.json(200, "{\"candidates\":[{\"author\":\"1\",\"content\":\"" + text
                + "\"}]}"));
    }

    @Override
    protected void streams(String first, String second) {
        answers(first + second);
    }

    @Override
    protected boolean callsTools() {
        return false;
    }

    @Override
    protected void callsWeatherForParis() {
        throw new UnsupportedOperationException("PaLM has no tools");
    }

    @Override
    protected void refuses(String message) {
        fake().on(MESSAGE, FakeProvider.json(400, "{\"error\":{\"code\":400,\"message\":\"" + message
                + "\",\"status\":\"INVALID_ARGUMENT\"}}"));
    }
}

package dev.onellmapi.provider.anthropic;

import dev.onellmapi.provider.ProviderContract;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.GatewayWithFake;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static dev.onellmapi.provider.anthropic.AnthropicFixtures.*;

/** Anthropic (Claude) through the provider contract. */
class AnthropicContractTest extends ProviderContract {
    @RegisterExtension
    static final GatewayWithFake fx = new GatewayWithFake(AnthropicFixtures::settings);

    AnthropicContractTest() {
        super(fx, "claude-sonnet-4-5");
    }

    @Override
    protected void answers(String text) {
        fake().on("/v1/messages", FakeProvider.json(200, textMessage(text)));
    }

    @Override
    protected void streams(String first, String second) {
        fake().on("/v1/messages", FakeProvider.sse(List.of(messageStart(), textStart(0), textDelta(0, first),
                textDelta(0, second), blockStop(0), messageDelta("end_turn", 2), messageStop())));
    }

    @Override
    protected void callsWeatherForParis() {
        fake().on("/v1/messages", FakeProvider.json(200, message("[{\"type\":\"tool_use\",\"id\":\"toolu_1\","
                + "\"name\":\"weather\",\"input\":{\"city\":\"Paris\"}}]", "tool_use")));
    }

    @Override
    protected void refuses(String message) {
        fake().on("/v1/messages", FakeProvider.json(400, "{\"type\":\"error\",\"error\":{\"type\":"
                + "\"invalid_request_error\",\"message\":\"" + message + "\"}}"));
    }
}

package dev.onellmapi.resilience;

import dev.onellmapi.json.Json;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.GatewayWithFake;
import dev.onellmapi.testing.RunningGateway;
import dev.onellmapi.testing.SseClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.Map;

import static dev.onellmapi.testing.OpenAiFixtures.chatBody;
import static dev.onellmapi.testing.OpenAiFixtures.completion;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** UPSTREAM_RETRIES: which failures are sent again, how often, and how long the gateway waits in between. */
class UpstreamRetriesTest {
    private static final String SERVER_ERROR = "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}";

    @RegisterExtension
    static final GatewayWithFake fx = new GatewayWithFake(fake -> Map.of(
            "openai.api-key", "k", "openai.api-base", fake.baseUrl() + "/v1",
            "gateway.upstream-retries", "2", "gateway.upstream-retry-delay-ms", "50"));

    private static HttpResponse<String> ask() throws Exception {
        return SseClient.post(fx.chatUrl(), RunningGateway.KEY, chatBody("gpt-4o", false));
    }

    @Test
    void a500ThenAnAnswerIsAnsweredAfterOneRetry() throws Exception {
        fx.fake().on("/v1/chat/completions", FakeProvider.inTurn(FakeProvider.json(500, SERVER_ERROR),
                FakeProvider.json(200, completion("gpt-4o", "second try"))));
        HttpResponse<String> r = ask();
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("second try", Json.parse(r.body()).at("/choices/0/message/content").asText());
        assertEquals(2, fx.fake().requests().size());
    }
}

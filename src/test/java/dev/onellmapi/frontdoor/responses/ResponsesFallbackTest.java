package dev.onellmapi.frontdoor.responses;

import dev.onellmapi.wire.Json;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.GatewayWithFake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * MODEL_FALLBACKS from a passed-through model to one without the Responses API: the client's Responses body is not
 * sent to it (nor to the first provider again under its name); the answer says why.
 */
class ResponsesFallbackTest {
    @RegisterExtension
    static final GatewayWithFake fx = new GatewayWithFake(fake -> {
        Map<String, String> settings = new HashMap<>(ScriptedModels.settings(fake));
        settings.put("gateway.model-fallbacks", "gpt-5=claude-sonnet-4-5");
        return settings;
    });

    @Test
    void aPassedThroughRequestDoesNotFallBackToAnotherApi() throws Exception {
        fx.fake().on("/v1/responses", FakeProvider.json(503, "{\"error\":{\"message\":\"overloaded\","
                + "\"type\":\"server_error\",\"param\":null,\"code\":null}}"));
        fx.fake().on("/v1/messages", FakeProvider.json(200, "{}"));
        HttpResponse<byte[]> answer = ResponsesRelayTest.post(fx.gateway(), "{\"model\":\"gpt-5\",\"input\":\"hi\"}",
                Map.of());
        assertEquals(502, answer.statusCode());
        assertEquals("fallback_without_responses", Json.parse(answer.body()).at("/error/code").asText());
        assertEquals(1, fx.fake().requests().size(), "only the first model was called");
    }
}

package dev.onellmapi.frontdoor.responses;

import com.fasterxml.jackson.databind.JsonNode;
import dev.onellmapi.wire.Json;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.GatewayWithFake;
import dev.onellmapi.testing.OpenAiFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Azure: with AZURE_OPENAI_RESPONSES=true passed through to the resource's v1 Responses API, else translated. */
class ResponsesAzureTest {
    private static Map<String, String> azure(FakeProvider fake, String responses) {
        Map<String, String> settings = new HashMap<>(Map.of("azure.api-keys", "east:key-east",
                "azure.deployments", "gpt-4o=my-gpt4o-deployment", "azure.api-base", fake.baseUrl() + "/{resource}"));
        settings.put("azure.responses", responses);
        return settings;
    }

    @RegisterExtension
    static final GatewayWithFake withResponses = new GatewayWithFake(fake -> azure(fake, "true"));

    @RegisterExtension
    static final GatewayWithFake chatOnly = new GatewayWithFake(fake -> azure(fake, "false"));

    @Test
    void passedThroughToTheResourcesResponsesApi() throws Exception {
        String answer = "{\"id\":\"resp_az\",\"object\":\"response\",\"status\":\"completed\",\"output\":[]}";
        withResponses.fake().on("/east/openai/v1/responses", FakeProvider.json(200, answer));
        HttpResponse<byte[]> response = ResponsesRelayTest.post(withResponses.gateway(),
                "{\"model\":\"gpt-4o\",\"input\":\"hi\"}", Map.of());
        assertEquals(answer, new String(response.body(), StandardCharsets.UTF_8));
        FakeProvider.Request sent = withResponses.fake().lastRequest();
        assertEquals("{\"model\":\"my-gpt4o-deployment\",\"input\":\"hi\"}", sent.body());
        assertEquals("key-east", sent.header("api-key"));
    }

    @Test
    void otherwiseTranslatedThroughChatCompletions() throws Exception {
        chatOnly.fake().on("/east/openai/deployments/my-gpt4o-deployment/chat/completions", FakeProvider.json(200,
                OpenAiFixtures.completion("gpt-4o", "Hello from Azure")));
        HttpResponse<byte[]> response = ResponsesRelayTest.post(chatOnly.gateway(),
                "{\"model\":\"gpt-4o\",\"input\":\"hi\",\"store\":false}", Map.of());
        JsonNode body = Json.parse(response.body());
        assertEquals("Hello from Azure", body.at("/output/0/content/0/text").asText(), body.toString());
    }
}

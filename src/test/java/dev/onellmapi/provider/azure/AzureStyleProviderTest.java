package dev.onellmapi.provider.azure;

import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.onellmapi.wire.Json;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.RunningGateway;
import dev.onellmapi.testing.SseClient;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.onellmapi.testing.OpenAiFixtures.completion;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A second Azure-style resource as a configured provider of type {@code azure}, beside the built-in Azure resources
 * of AZURE_OPENAI_API_KEYS: its own endpoint and key, the model name as the deployment; and its failures named after
 * it.
 */
class AzureStyleProviderTest {
    @Test
    void aConfiguredAzureResourceIsCalledAtItsOwnEndpoint() throws Exception {
        try (FakeProvider eu = new FakeProvider(); FakeProvider builtIn = new FakeProvider();
             RunningGateway gateway = RunningGateway.start(new HashMap<>(Map.of(
                     "azure.api-keys", "east:azure-east-key-1", "azure.deployments", "gpt-4o",
                     "azure.api-base", builtIn.baseUrl() + "/{resource}",
                     "gateway.providers.azure-eu.type", "azure",
                     "gateway.providers.azure-eu.api-base", eu.baseUrl(),
                     "gateway.providers.azure-eu.api-keys", "azure-eu-key-1",
                     "gateway.providers.azure-eu.models", "gpt-4o-eu,o3-mini-eu")))) {
            eu.on("/openai/deployments/", FakeProvider.json(200, completion("gpt-4o", "from the EU")));
            builtIn.on("/east/openai/deployments/", FakeProvider.json(200, completion("gpt-4o", "from the east")));

            ChatCompletion answer = gateway.sdk().chat().completions().create(ChatCompletionCreateParams.builder()
                    .model("gpt-4o-eu").addUserMessage("Hi").build());
            assertEquals("from the EU", answer.choices().get(0).message().content().orElse(""));
            FakeProvider.Request sent = eu.lastRequest();
            assertEquals("/openai/deployments/gpt-4o-eu/chat/completions?api-version=2024-10-21",
                    sent.pathAndQuery());
            assertEquals("azure-eu-key-1", sent.header("api-key"));

            ChatCompletion east = gateway.sdk().chat().completions().create(ChatCompletionCreateParams.builder()
                    .model("gpt-4o").addUserMessage("Hi").build());
            assertEquals("from the east", east.choices().get(0).message().content().orElse(""));
            assertEquals("azure-east-key-1", builtIn.lastRequest().header("api-key"));

            HttpResponse<String> models = SseClient.get(gateway.baseUrl() + "/v1/models", RunningGateway.KEY);
            List<String> ids = Json.parse(models.body()).findValuesAsText("id");
            assertTrue(ids.containsAll(List.of("gpt-4o", "gpt-4o-eu", "o3-mini-eu")), models.body());

            eu.on("/openai/deployments/", FakeProvider.json(500, "{\"error\":{\"message\":\"boom\"}}"));
            HttpResponse<String> failed = SseClient.post(gateway.baseUrl() + "/v1/chat/completions",
                    RunningGateway.KEY, "{\"model\":\"o3-mini-eu\",\"messages\":[{\"role\":\"user\",\"content\":"
                            + "\"Hi\"}]}");
            assertEquals(502, failed.statusCode());
            assertTrue(failed.body().contains("azure-eu failed (HTTP 500)"), failed.body());
        }
    }
}

package dev.onellmapi.provider.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import dev.onellmapi.wire.Json;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.GatewayWithFake;
import dev.onellmapi.testing.RunningGateway;
import dev.onellmapi.testing.SseClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.onellmapi.testing.FakeProvider.data;
import static dev.onellmapi.testing.OpenAiFixtures.chatBody;
import static dev.onellmapi.testing.OpenAiFixtures.chunk;
import static dev.onellmapi.testing.OpenAiFixtures.completion;
import static dev.onellmapi.testing.OpenAiFixtures.finalChunk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two Azure resources with their own keys; the endpoint template puts the resource name in the fake's path. */
class AzureChatTest {
    static final String FILTER_CHUNK = "{\"choices\":[],\"created\":0,\"id\":\"\",\"model\":\"\",\"object\":\"\","
            + "\"prompt_filter_results\":[{\"prompt_index\":0,\"content_filter_results\":{}}]}";
    @RegisterExtension
    static final GatewayWithFake fx = new GatewayWithFake(fake -> Map.of(
                "azure.api-keys", "east:key-east;west:key-west",
                "azure.deployments", "dep-east;gpt-4o=my-gpt4o-deployment,dep-west",
                "azure.api-base", fake.baseUrl() + "/{resource}",
                "azure.api-version", "2024-10-21"));

    @Test
    void modelNameAliasGoesToItsDeploymentOnTheSecondResourceWithThatResourcesKey() {
        fx.fake().on("/west/openai/deployments/my-gpt4o-deployment/chat/completions",
                FakeProvider.json(200, completion("gpt-4o-2024-08-06", "from west")));
        String answer = fx.sdk().chat().completions().create(ChatCompletionCreateParams.builder().model("gpt-4o")
                .addUserMessage("Hello").build()).choices().get(0).message().content().orElseThrow();
        assertEquals("from west", answer);
        FakeProvider.Request sent = fx.fake().lastRequest();
        assertEquals("/west/openai/deployments/my-gpt4o-deployment/chat/completions?api-version=2024-10-21",
                sent.pathAndQuery());
        assertEquals("key-west", sent.header("api-key"));
        assertEquals(null, sent.header("Authorization"), "Azure gets its key in api-key only");
    }

    @Test
    void deploymentOnTheFirstResourceAndExplicitPrefix() throws Exception {
        fx.fake().on("/east/", FakeProvider.json(200, completion("gpt-35", "from east")));
        HttpResponse<String> r = SseClient.post(fx.chatUrl(), RunningGateway.KEY,
                chatBody("azure/dep-east", false));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("key-east", fx.fake().lastRequest().header("api-key"));
        assertTrue(fx.fake().lastRequest().pathAndQuery().startsWith("/east/openai/deployments/dep-east/"));
    }

    @Test
    void streamDropsThePromptFilterChunkKeepsUsageAndEndsWithoutUpstreamDone() {
        String usageChunk = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                + "\"model\":\"gpt-4o\",\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,"
                + "\"total_tokens\":5}}";
        fx.fake().on("/west/", FakeProvider.sse(List.of(data(FILTER_CHUNK), data(chunk("gpt-4o", "Hi")),
                data(chunk("gpt-4o", "!")), data(finalChunk("gpt-4o")), data(usageChunk)))); // no [DONE]
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = fx.sdk().chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("dep-west").addUserMessage("Hello")
                        // asked for: a client that did not ask gets no usage chunk (the gateway asks for its ledger)
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(chunks::add);
        }
        assertEquals(4, chunks.size(), chunks.toString());
        assertEquals("Hi", chunks.get(0).choices().get(0).delta().content().orElseThrow());
        assertEquals(5, chunks.get(3).usage().orElseThrow().totalTokens());
    }

    @Test
    void contentFilter400IsPassedOnWithItsCode() throws Exception {
        fx.fake().on("/west/", FakeProvider.json(400, "{\"error\":{\"message\":\"The response was filtered\","
                + "\"type\":null,\"param\":\"prompt\",\"code\":\"content_filter\",\"status\":400}}"));
        HttpResponse<String> r = SseClient.post(fx.chatUrl(), RunningGateway.KEY,
                chatBody("gpt-4o", false));
        assertEquals(400, r.statusCode());
        JsonNode error = Json.parse(r.body()).path("error");
        assertEquals("content_filter", error.path("code").asText());
        assertEquals("The response was filtered", error.path("message").asText());
    }

    @Test
    void modelsListsTheDeployments() throws Exception {
        HttpResponse<String> r = SseClient.get(fx.gateway().baseUrl() + "/v1/models", RunningGateway.KEY);
        assertEquals(200, r.statusCode());
        List<String> ids = new ArrayList<>();
        Json.parse(r.body()).path("data").forEach(m -> ids.add(m.path("id").asText()));
        assertEquals(List.of("dep-east", "gpt-4o", "dep-west"), ids);
        assertEquals("list", Json.parse(r.body()).path("object").asText());
    }
}

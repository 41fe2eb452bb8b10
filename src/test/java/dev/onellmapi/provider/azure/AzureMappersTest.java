package dev.onellmapi.provider.azure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.onellmapi.chat.ProviderCall;
import dev.onellmapi.chat.ProviderReply;
import dev.onellmapi.testing.OpenAiFixtures;
import dev.onellmapi.wire.SseEvent;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.onellmapi.provider.MapperCalls.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** Azure's mappers alone, no server: the deployment in the URL with the API version, the prompt-filter chunk dropped. */
class AzureMappersTest {
    private static final String BODY = "{\"model\":\"my-gpt\",\"stream\":true,\"messages\":[{\"role\":\"user\","
            + "\"content\":\"Hi\"}]}";

    @Test
    void theDeploymentAndApiVersionAreInTheUrlAndTheKeyInApiKey() {
        ProviderCall call = call(new AzureType(), "https://res.openai.azure.com", "az-key", BODY);
        Exchange sent = toSend(call);
        new AzureRequestMapper("2024-10-21").map(sent);
        assertEquals("https://res.openai.azure.com/openai/deployments/my-gpt/chat/completions?api-version=2024-10-21",
                url(sent));
        assertEquals("az-key", sent.getMessage().getHeader("api-key"));
        assertEquals("my-gpt", body(sent).path("model").asText());
    }

    @Test
    void thePromptFilterChunkIsDropped() {
        ProviderCall call = call(new AzureType(), "https://res.openai.azure.com", "az-key", BODY);
        ProviderReply reply = new AzureResponseMapper().map(answered(call, 200, ""));
        List<JsonNode> chunks = chunks(assertInstanceOf(ProviderReply.Streaming.class, reply).mapper(),
                new SseEvent(null, "{\"choices\":[],\"created\":0,\"id\":\"\",\"model\":\"\",\"object\":\"\","
                        + "\"prompt_filter_results\":[{\"prompt_index\":0,\"content_filter_results\":{}}]}"),
                new SseEvent(null, OpenAiFixtures.chunk("gpt-4o", "Hi")), new SseEvent(null, "[DONE]"));
        assertEquals(1, chunks.size(), chunks.toString());
        assertEquals("Hi", text(chunks));
    }
}

package dev.onellmapi.observe;

import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.GatewayWithFake;
import dev.onellmapi.testing.RunningGateway;
import dev.onellmapi.testing.SseClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.onellmapi.testing.FakeProvider.data;
import static dev.onellmapi.testing.OpenAiFixtures.chatBody;
import static dev.onellmapi.testing.OpenAiFixtures.chunk;
import static dev.onellmapi.testing.OpenAiFixtures.completion;
import static dev.onellmapi.testing.OpenAiFixtures.finalChunk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code Server-Timing: gateway;dur=…, upstream;dur=…} on every answer of every door, over real HTTP: a whole
 * answer, a stream's head, the gateway's own errors and a provider's. Only the shape is checked (numbers, not times).
 */
class ServerTimingTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Pattern SHAPE = Pattern.compile("gateway;dur=(\\d+\\.\\d{2}), upstream;dur=(\\d+\\.\\d{2})");

    @RegisterExtension
    static final GatewayWithFake fx = new GatewayWithFake(fake -> Map.of(
            "openai.api-key", "sk-up", "openai.api-base", fake.baseUrl() + "/v1"));

    /** The header's two figures, after checking its shape. */
    private static double[] timing(HttpResponse<String> answer) {
        List<String> values = answer.headers().allValues("Server-Timing");
        assertEquals(1, values.size(), answer.uri() + " " + answer.statusCode() + " " + answer.headers());
        Matcher m = SHAPE.matcher(values.get(0));
        assertTrue(m.matches(), values.get(0));
        return new double[]{Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))};
    }

    private static HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(fx.gateway().baseUrl() + path))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aWholeAnswerTimesTheGatewayAndTheProvider() throws Exception {
        fx.fake().on("/v1/chat/completions", FakeProvider.json(200, completion("gpt-4o", "hello")));
        HttpResponse<String> answer = SseClient.post(fx.chatUrl(), RunningGateway.KEY, chatBody("gpt-4o", false));
        assertEquals(200, answer.statusCode());
        double[] times = timing(answer);
        assertTrue(times[0] >= 0 && times[1] >= 0);
    }

    @Test
    void aStreamCarriesItInItsHead() throws Exception {
        fx.fake().on("/v1/chat/completions", FakeProvider.sse(List.of(data(chunk("gpt-4o", "hi")),
                data(finalChunk("gpt-4o")), "data: [DONE]\n\n")));
        HttpResponse<String> answer = SseClient.post(fx.chatUrl(), RunningGateway.KEY, chatBody("gpt-4o", true));
        assertEquals(200, answer.statusCode());
        assertTrue(answer.body().contains("[DONE]"), answer.body());
        timing(answer);
    }

    @Test
    void errorsCarryItTheGatewaysOwnAndAProviders() throws Exception {
        HttpResponse<String> wrongKey = SseClient.post(fx.chatUrl(), "wrong-key", chatBody("gpt-4o", false));
        assertEquals(401, wrongKey.statusCode());
        assertEquals(0.0, timing(wrongKey)[1], "no provider was called");
        fx.fake().on("/v1/chat/completions", FakeProvider.json(400, "{\"error\":{\"message\":\"bad\",\"type\":"
                + "\"invalid_request_error\"}}"));
        HttpResponse<String> refused = SseClient.post(fx.chatUrl(), RunningGateway.KEY, chatBody("gpt-4o", true));
        assertEquals(400, refused.statusCode());
        timing(refused);
    }

    @Test
    void theOtherDoorsAnswerWithItToo() throws Exception {
        fx.fake().on("/v1/chat/completions", FakeProvider.json(200, completion("gpt-4o", "hello")));
        HttpResponse<String> messages = post("/v1/messages", "{\"model\":\"gpt-4o\",\"max_tokens\":10,\"messages\":"
                + "[{\"role\":\"user\",\"content\":\"Hi\"}]}", "x-api-key", RunningGateway.KEY,
                "anthropic-version", "2023-06-01");
        assertEquals(200, messages.statusCode(), messages.body());
        timing(messages);
        HttpResponse<String> responses = post("/v1/responses", "{\"model\":\"gpt-4o\",\"input\":\"Hi\"}");
        assertEquals(401, responses.statusCode(), responses.body());
        timing(responses);
        HttpResponse<String> notJson = post("/v1/chat/completions", "not json", "Authorization",
                "Bearer " + RunningGateway.KEY);
        assertEquals(400, notJson.statusCode(), notJson.body());
        timing(notJson);
    }
}

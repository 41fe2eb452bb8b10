package dev.onellmapi.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.GatewayWithFake;
import dev.onellmapi.testing.RunningGateway;
import dev.onellmapi.testing.SseClient;
import dev.onellmapi.wire.Json;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cases every provider type passes, the same for each (as LangChain4j's shared chat-model tests): a whole answer,
 * a stream, a tool call, an upstream error mapped to OpenAI's error shape. A provider's subclass, in
 * {@code provider/<name>/}, gives the gateway pointed at its fake and the fake's answers in the provider's own wire
 * format; the assertions are on what an OpenAI client gets, through a real gateway over HTTP.
 */
public abstract class ProviderContract {
    protected static final String TOOLS = ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"weather\","
            + "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}}}]";

    private final GatewayWithFake gateway;
    private final String model;

    /**
     * @param gateway the gateway and its fake provider (a static {@code @RegisterExtension} field of the subclass)
     * @param model   a model name the type serves
     */
    protected ProviderContract(GatewayWithFake gateway, String model) {
        this.gateway = gateway;
        this.model = model;
    }

    protected final FakeProvider fake() {
        return gateway.fake();
    }

    protected final String model() {
        return model;
    }

    /** Makes the fake answer a call with {@code text} as the whole answer. */
    protected abstract void answers(String text);

    /** Makes the fake stream {@code first} then {@code second} as the answer's text. */
    protected abstract void streams(String first, String second);

    /** Whether the type can call tools; one that cannot refuses a request with tools (a 400 naming {@code tools}). */
    protected boolean callsTools() {
        return true;
    }

    /** Makes the fake answer with one call of the tool {@code weather} with {@code {"city":"Paris"}}. */
    protected abstract void callsWeatherForParis();

    /** Makes the fake refuse the request with a 400 of its own API saying {@code message}. */
    protected abstract void refuses(String message);

    @Test
    void aWholeAnswerComesBackInOpenAisShape() throws Exception {
        answers("Hi there");
        JsonNode answer = ok(post(false, ""));
        assertEquals("chat.completion", answer.path("object").asText());
        assertEquals("Hi there", answer.at("/choices/0/message/content").asText());
        assertEquals("assistant", answer.at("/choices/0/message/role").asText());
        assertEquals("stop", answer.at("/choices/0/finish_reason").asText());
    }

    @Test
    void aStreamComesBackAsOpenAiChunks() throws Exception {
        streams("Hel", "lo");
        HttpResponse<String> r = post(true, "");
        assertEquals(200, r.statusCode(), r.body());
        StringBuilder text = new StringBuilder();
        String finish = null;
        for (String line : r.body().split("\n")) {
            if (line.startsWith("data: {")) {
                JsonNode chunk = Json.parse(line.substring(6));
                assertEquals("chat.completion.chunk", chunk.path("object").asText(), line);
                text.append(chunk.at("/choices/0/delta/content").asText(""));
                if (chunk.at("/choices/0/finish_reason").isTextual()) {
                    finish = chunk.at("/choices/0/finish_reason").asText();
                }
            }
        }
        assertEquals("Hello", text.toString());
        assertEquals("stop", finish);
        assertTrue(r.body().trim().endsWith("data: [DONE]"), r.body());
    }

    @Test
    void aToolCallComesBackAsOpenAisToolCall() throws Exception {
        if (!callsTools()) {
            HttpResponse<String> r = post(false, TOOLS);
            assertEquals(400, r.statusCode(), r.body());
            assertEquals("tools", Json.parse(r.body()).at("/error/param").asText(), r.body());
            return;
        }
        callsWeatherForParis();
        JsonNode answer = ok(post(false, TOOLS));
        JsonNode call = answer.at("/choices/0/message/tool_calls/0");
        assertEquals("function", call.path("type").asText());
        assertEquals("weather", call.at("/function/name").asText());
        assertEquals(Json.parse("{\"city\":\"Paris\"}"), Json.parse(call.at("/function/arguments").asText()));
        assertFalse(call.path("id").asText().isEmpty(), "a client answers the call by its id");
        assertEquals("tool_calls", answer.at("/choices/0/finish_reason").asText());
    }

    @Test
    void anUpstreamErrorComesBackInOpenAisErrorShape() throws Exception {
        refuses("The request is not valid.");
        HttpResponse<String> r = post(false, "");
        assertEquals(400, r.statusCode(), r.body());
        JsonNode error = Json.parse(r.body()).path("error");
        assertEquals("invalid_request_error", error.path("type").asText(), r.body());
        assertTrue(error.path("message").asText().contains("The request is not valid."), r.body());
    }

    private HttpResponse<String> post(boolean stream, String more) throws Exception {
        return SseClient.post(gateway.chatUrl(), RunningGateway.KEY, "{\"model\":\"" + model + "\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]" + more + "}");
    }

    private static JsonNode ok(HttpResponse<String> r) throws Exception {
        assertEquals(200, r.statusCode(), r.body());
        return Json.parse(r.body());
    }
}

package dev.onellmapi.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.onellmapi.wire.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A fake OpenAI that behaves as OpenAI does about usage: a whole answer carries it; a stream sends it (in a last
 * chunk with empty choices, and {@code "usage": null} on the others) only when the request asked with
 * {@code stream_options.include_usage}.
 */
public final class OpenAiLike {
    private OpenAiLike() {
    }

    public static String usage(int prompt, int completion, int cached) {
        return "{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":" + completion + ",\"total_tokens\":"
                + (prompt + completion) + ",\"prompt_tokens_details\":{\"cached_tokens\":" + cached + "}}";
    }

    public static FakeProvider.Answer answer(String content, int prompt, int completion, int cached) {
        return (request, exchange) -> FakeProvider.json(200, "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\","
                + "\"created\":1700000000,\"model\":\"" + model(request) + "\",\"choices\":[{\"index\":0,\"message\":"
                + "{\"role\":\"assistant\",\"content\":\"" + content + "\"},\"finish_reason\":\"stop\"}],\"usage\":"
                + usage(prompt, completion, cached) + "}").write(request, exchange);
    }

    public static FakeProvider.Answer stream(List<String> pieces, int prompt, int completion, int cached) {
        return stream(pieces, null, List.of(), prompt, completion, cached);
    }

    /** {@code before} pieces, then a wait at {@code gate}, then {@code after} and the usage (if asked) and [DONE]. */
    public static FakeProvider.Answer stream(List<String> before, CountDownLatch gate, List<String> after, int prompt,
                                             int completion, int cached) {
        return (request, exchange) -> {
            JsonNode body = Json.parse(request.body());
            boolean usage = body.path("stream_options").path("include_usage").asBoolean(false);
            String model = model(request);
            List<String> first = new ArrayList<>();
            for (String piece : before) {
                first.add(FakeProvider.data(chunk(model, piece, usage)));
            }
            List<String> rest = new ArrayList<>();
            for (String piece : after) {
                rest.add(FakeProvider.data(chunk(model, piece, usage)));
            }
            rest.add(FakeProvider.data("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                    + "\"model\":\"" + model + "\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]"
                    + (usage ? ",\"usage\":null" : "") + "}"));
            if (usage) {
                rest.add(FakeProvider.data("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                        + "\"model\":\"" + model + "\",\"choices\":[],\"usage\":" + usage(prompt, completion, cached)
                        + "}"));
            }
            rest.add("data: [DONE]\n\n");
            FakeProvider.sse(first, gate, rest).write(request, exchange);
        };
    }

    private static String chunk(String model, String piece, boolean usage) {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"" + model
                + "\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + piece + "\"},\"finish_reason\":null}]"
                + (usage ? ",\"usage\":null" : "") + "}";
    }

    private static String model(FakeProvider.Request request) throws Exception {
        return Json.parse(request.body()).path("model").asText();
    }
}

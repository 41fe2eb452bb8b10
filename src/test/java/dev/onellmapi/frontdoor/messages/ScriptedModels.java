package dev.onellmapi.frontdoor.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.Json;
import dev.onellmapi.testing.FakeProvider;
import dev.onellmapi.testing.RunningGateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fake OpenAI, Gemini and Anthropic models that behave like a model using a tool, in each provider's own wire format,
 * whole and streamed: asked "READFILE &lt;path&gt;" they call the {@code Read} tool with that path; given the tool's
 * result they answer "The file says: &lt;result&gt;"; otherwise they greet. Enough for a real client (Claude Code, an
 * SDK) to run a tool round trip through the gateway.
 */
final class ScriptedModels {
    private static final Pattern READ = Pattern.compile("READFILE (\\S+)");

    private ScriptedModels() {
    }

    /** {@code fake} scripted as all three providers, and a gateway pointed at it for each. */
    static RunningGateway gateway(FakeProvider fake) throws Exception {
        fake.on("/v1/chat/completions", openAi());
        fake.on("/v1beta/models/", gemini());
        fake.on("/v1/messages", anthropic());
        return RunningGateway.start(Map.of("openai.api-key", "sk-up-openai", "openai.api-base",
                fake.baseUrl() + "/v1", "gemini.api-key", "goog-key", "gemini.api-base", fake.baseUrl(),
                "anthropic.api-key", "sk-ant-up", "anthropic.api-base", fake.baseUrl()));
    }

    /** What the model does next: call Read on a path, or say a text. */
    private record Turn(String readPath, String text) {
    }

    private static Turn decide(String lastUserText, String toolResult, String provider) {
        if (toolResult != null) {
            return new Turn(null, "The file says: " + toolResult);
        }
        Matcher read = READ.matcher(lastUserText);
        return read.find() ? new Turn(read.group(1), null) : new Turn(null, "Hello from " + provider + ".");
    }

    // ---- OpenAI Chat Completions (/v1/chat/completions) ----

    static FakeProvider.Answer openAi() {
        return (request, exchange) -> {
            ObjectNode body = (ObjectNode) Json.parse(request.body());
            JsonNode messages = body.path("messages");
            JsonNode last = messages.get(messages.size() - 1);
            String result = last.path("role").asText().equals("tool") ? text(last.path("content")) : null;
            String userText = "";
            for (JsonNode message : messages) {
                if (message.path("role").asText().equals("user")) {
                    userText = text(message.path("content"));
                }
            }
            Turn turn = decide(userText, result, "openai");
            String model = body.path("model").asText();
            if (body.path("stream").asBoolean(false)) {
                List<String> frames = new ArrayList<>();
                frames.add(FakeProvider.data(chunk(model, "{\"role\":\"assistant\",\"content\":\"\"}", null)));
                if (turn.readPath() != null) {
                    frames.add(FakeProvider.data(chunk(model, "{\"tool_calls\":[{\"index\":0,\"id\":\"call_read1\","
                            + "\"type\":\"function\",\"function\":{\"name\":\"Read\",\"arguments\":\"\"}}]}", null)));
                    String args = Json.text(Json.object().put("file_path", turn.readPath()));
                    int half = args.length() / 2;
                    for (String piece : new String[] {args.substring(0, half), args.substring(half)}) {
                        frames.add(FakeProvider.data(chunk(model, "{\"tool_calls\":[{\"index\":0,\"function\":"
                                + "{\"arguments\":" + Json.text(Json.MAPPER.getNodeFactory().textNode(piece))
                                + "}}]}", null)));
                    }
                    frames.add(FakeProvider.data(chunk(model, "{}", "tool_calls")));
                } else {
                    String text = Json.text(Json.MAPPER.getNodeFactory().textNode(turn.text()));
                    frames.add(FakeProvider.data(chunk(model, "{\"content\":" + text + "}", null)));
                    frames.add(FakeProvider.data(chunk(model, "{}", "stop")));
                }
                if (body.path("stream_options").path("include_usage").asBoolean(false)) {
                    frames.add(FakeProvider.data("{\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion.chunk\","
                            + "\"created\":1,\"model\":\"" + model + "\",\"choices\":[],\"usage\":{\"prompt_tokens\":"
                            + "120,\"completion_tokens\":9,\"total_tokens\":129,\"prompt_tokens_details\":"
                            + "{\"cached_tokens\":100}}}"));
                }
                frames.add(FakeProvider.data("[DONE]"));
                FakeProvider.sse(frames).write(request, exchange);
                return;
            }
            ObjectNode message = Json.object().put("role", "assistant");
            if (turn.readPath() != null) {
                message.putNull("content");
                message.putArray("tool_calls").addObject().put("id", "call_read1").put("type", "function")
                        .putObject("function").put("name", "Read")
                        .put("arguments", Json.text(Json.object().put("file_path", turn.readPath())));
            } else {
                message.put("content", turn.text());
            }
            ObjectNode completion = Json.object().put("id", "chatcmpl-fake").put("object", "chat.completion")
                    .put("created", 1).put("model", model);
            ObjectNode choice = completion.putArray("choices").addObject().put("index", 0);
            choice.set("message", message);
            choice.put("finish_reason", turn.readPath() != null ? "tool_calls" : "stop");
            completion.putObject("usage").put("prompt_tokens", 120).put("completion_tokens", 9)
                    .put("total_tokens", 129).putObject("prompt_tokens_details").put("cached_tokens", 100);
            FakeProvider.json(200, Json.text(completion)).write(request, exchange);
        };
    }

    private static String chunk(String model, String delta, String finish) {
        return "{\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"" + model
                + "\",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
                + (finish == null ? "null" : "\"" + finish + "\"") + "}]}";
    }

    // ---- Gemini (/v1beta/models/{model}:generateContent and :streamGenerateContent?alt=sse) ----

    static FakeProvider.Answer gemini() {
        return (request, exchange) -> {
            ObjectNode body = (ObjectNode) Json.parse(request.body());
            JsonNode contents = body.path("contents");
            String result = null;
            for (JsonNode part : contents.get(contents.size() - 1).path("parts")) {
                if (part.has("functionResponse")) {
                    result = Json.text(part.path("functionResponse").path("response"));
                }
            }
            String userText = "";
            for (JsonNode content : contents) {
                if (content.path("role").asText().equals("user")) {
                    StringBuilder text = new StringBuilder();
                    content.path("parts").forEach(part -> text.append(part.path("text").asText("")));
                    if (!text.isEmpty()) {
                        userText = text.toString();
                    }
                }
            }
            Turn turn = decide(userText, result, "gemini");
            ObjectNode part = Json.object();
            if (turn.readPath() != null) {
                part.putObject("functionCall").put("name", "Read").putObject("args")
                        .put("file_path", turn.readPath());
            } else {
                part.put("text", turn.text());
            }
            ObjectNode answer = Json.object();
            ObjectNode candidate = answer.putArray("candidates").addObject();
            candidate.putObject("content").put("role", "model").putArray("parts").add(part);
            candidate.put("finishReason", "STOP").put("index", 0);
            answer.putObject("usageMetadata").put("promptTokenCount", 80).put("candidatesTokenCount", 7)
                    .put("totalTokenCount", 87);
            if (request.pathAndQuery().contains(":streamGenerateContent")) {
                FakeProvider.sse(List.of(FakeProvider.data(Json.text(answer)))).write(request, exchange);
            } else {
                FakeProvider.json(200, Json.text(answer)).write(request, exchange);
            }
        };
    }

    // ---- Anthropic Messages (/v1/messages), the pass-through's upstream ----

    static FakeProvider.Answer anthropic() {
        return (request, exchange) -> {
            ObjectNode body = (ObjectNode) Json.parse(request.body());
            JsonNode messages = body.path("messages");
            JsonNode last = messages.get(messages.size() - 1);
            String result = null;
            String userText = "";
            for (JsonNode block : last.path("content")) {
                if (block.path("type").asText().equals("tool_result")) {
                    result = text(block.path("content"));
                }
            }
            for (JsonNode message : messages) {
                if (message.path("role").asText().equals("user")) {
                    String text = text(message.path("content"));
                    if (!text.isEmpty()) {
                        userText = text;
                    }
                }
            }
            Turn turn = decide(userText, result, "anthropic");
            String model = body.path("model").asText();
            ObjectNode block = Json.object();
            if (turn.readPath() != null) {
                block.put("type", "tool_use").put("id", "toolu_read1").put("name", "Read").putObject("input")
                        .put("file_path", turn.readPath());
            } else {
                block.put("type", "text").put("text", turn.text());
            }
            String stop = turn.readPath() != null ? "tool_use" : "end_turn";
            if (!body.path("stream").asBoolean(false)) {
                ObjectNode message = Json.object().put("id", "msg_fake").put("type", "message")
                        .put("role", "assistant").put("model", model);
                message.putArray("content").add(block);
                message.put("stop_reason", stop).putNull("stop_sequence");
                message.putObject("usage").put("input_tokens", 50).put("cache_creation_input_tokens", 0)
                        .put("cache_read_input_tokens", 0).put("output_tokens", 6);
                FakeProvider.json(200, Json.text(message)).write(request, exchange);
                return;
            }
            List<String> frames = new ArrayList<>();
            frames.add(event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_fake\","
                    + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"" + model + "\",\"content\":[],"
                    + "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":50,"
                    + "\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":1}}}"));
            ObjectNode start = block.deepCopy();
            if (turn.readPath() != null) {
                start.putObject("input");
            } else {
                start.put("text", "");
            }
            frames.add(event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,"
                    + "\"content_block\":" + Json.text(start) + "}"));
            String delta = turn.readPath() != null
                    ? "{\"type\":\"input_json_delta\",\"partial_json\":"
                    + Json.text(Json.MAPPER.getNodeFactory().textNode(Json.text(block.path("input")))) + "}"
                    : "{\"type\":\"text_delta\",\"text\":" + Json.text(block.path("text")) + "}";
            frames.add(event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                    + delta + "}"));
            frames.add(event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));
            frames.add(event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"" + stop
                    + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":6}}"));
            frames.add(event("message_stop", "{\"type\":\"message_stop\"}"));
            FakeProvider.sse(frames).write(request, exchange);
        };
    }

    static String event(String name, String json) {
        return "event: " + name + "\ndata: " + json + "\n\n";
    }

    /** A content's text: a string, or its text parts / text blocks joined. */
    private static String text(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            text.append(part.path("text").asText(""));
        }
        return text.toString();
    }
}

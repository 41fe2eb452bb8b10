package dev.onellmapi.frontdoor.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.Json;
import dev.onellmapi.testing.FakeProvider;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Three fake providers that act like models, each in its own API, so a client's whole tool loop can run through the
 * gateway: OpenAI's Responses API ({@code /v1/responses}), Anthropic's Messages API ({@code /v1/messages}) and
 * Gemini ({@code /v1beta/models/...}), streamed or whole. Each one, reading the request it got:
 * <ul>
 *   <li>answers a tool result with {@code "<provider> read: <the result>"};</li>
 *   <li>asked about "notes.txt" with a shell tool offered ({@code exec_command}, Codex's), calls it with
 *       {@code cat notes.txt}; asked about "weather" with {@code get_weather} offered, calls it for Paris;</li>
 *   <li>held to a JSON answer, answers {@code {"city":"Paris","temperature":21}};</li>
 *   <li>else answers {@code "<provider> heard: <every user text of the conversation, joined by | >"}, so a test sees
 *       which earlier turns reached it.</li>
 * </ul>
 */
final class ScriptedModels {
    static final String JSON_ANSWER = "{\"city\":\"Paris\",\"temperature\":21}";

    private ScriptedModels() {
    }

    /** The gateway's settings for the three fakes on one fake server. */
    static Map<String, String> settings(FakeProvider fake) {
        return Map.of("openai.api-key", "sk-upstream", "openai.api-base", fake.baseUrl() + "/v1",
                "anthropic.api-key", "sk-ant-upstream", "anthropic.api-base", fake.baseUrl(),
                "gemini.api-key", "g-upstream", "gemini.api-base", fake.baseUrl());
    }

    /** How the fake behind a test model names itself in its answers. */
    static String who(String model) {
        return model.startsWith("gpt") ? "openai" : model.startsWith("claude") ? "claude" : "gemini";
    }

    static void install(FakeProvider fake) {
        fake.on("/v1/responses", (request, exchange) -> write(exchange, openAi(request)));
        fake.on("/v1/messages", (request, exchange) -> write(exchange, anthropic(request)));
        fake.on("/v1beta/models/", (request, exchange) -> write(exchange, gemini(request)));
    }

    /** What the model does, whatever its API. */
    private record Turn(String text, String tool, String arguments) {
    }

    private static Turn decide(String provider, List<String> userTexts, String toolResult, List<String> tools,
                               boolean json) {
        if (toolResult != null) {
            return new Turn(provider + " read: " + toolResult.strip(), null, null);
        }
        String last = userTexts.isEmpty() ? "" : userTexts.get(userTexts.size() - 1);
        if (last.contains("notes.txt") && tools.contains("exec_command")) {
            return new Turn(null, "exec_command", "{\"cmd\":\"cat notes.txt\"}");
        }
        if (last.contains("weather") && tools.contains("get_weather")) {
            return new Turn(null, "get_weather", "{\"city\":\"Paris\"}");
        }
        if (json) {
            return new Turn(JSON_ANSWER, null, null);
        }
        List<String> heard = new ArrayList<>();
        for (String text : userTexts) {
            heard.add(text.length() > 80 ? text.substring(0, 80) : text);
        }
        return new Turn(provider + " heard: " + String.join(" | ", heard), null, null);
    }

    /** A whole answer (JSON) or a stream (SSE text), with its content type. */
    private record Reply(String contentType, String body) {
    }

    private static void write(com.sun.net.httpserver.HttpExchange exchange, Reply reply) throws IOException {
        byte[] bytes = reply.body().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", reply.contentType());
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.getResponseBody().close();
    }

    private static String sse(String event, JsonNode data) {
        return (event == null ? "" : "event: " + event + "\n") + "data: " + Json.text(data) + "\n\n";
    }

    // --- OpenAI Responses -------------------------------------------------------------------------------------

    private static Reply openAi(FakeProvider.Request request) throws IOException {
        ObjectNode body = (ObjectNode) Json.parse(request.body());
        List<String> texts = new ArrayList<>();
        String result = null;
        JsonNode input = body.path("input");
        if (input.isTextual()) {
            texts.add(input.asText());
        }
        for (JsonNode item : input) {
            String type = item.path("type").asText("message");
            if (type.equals("message") && item.path("role").asText().equals("user")) {
                texts.add(text(item.path("content"), "text"));
                result = null;
            } else if (type.equals("function_call_output")) {
                result = item.path("output").asText();
            }
        }
        List<String> tools = new ArrayList<>();
        body.path("tools").forEach(t -> tools.add(t.path("name").asText()));
        boolean json = body.path("text").path("format").path("type").asText("text").startsWith("json");
        Turn turn = decide("openai", texts, result, tools, json);
        ObjectNode item = Json.object();
        if (turn.tool() != null) {
            item.put("id", "fc_1").put("type", "function_call").put("status", "completed").put("call_id", "call_1")
                    .put("name", turn.tool()).put("arguments", turn.arguments());
        } else {
            item.put("id", "msg_1").put("type", "message").put("status", "completed").put("role", "assistant");
            item.putArray("content").add(ResponseObject.outputText(turn.text()));
        }
        ObjectNode response = Json.object().put("id", "resp_upstream1").put("object", "response")
                .put("created_at", 1).put("status", "completed").put("model", body.path("model").asText());
        response.putArray("output").add(item);
        response.putObject("usage").put("input_tokens", 11).put("output_tokens", 7).put("total_tokens", 18)
                .set("output_tokens_details", Json.object().put("reasoning_tokens", 2));
        if (!body.path("stream").asBoolean()) {
            return new Reply("application/json", Json.text(response));
        }
        StringBuilder out = new StringBuilder();
        int[] n = {0};
        ObjectNode started = response.deepCopy().put("status", "in_progress");
        started.putArray("output");
        started.remove("usage");
        out.append(sse("response.created", event("response.created", n).set("response", started)));
        ObjectNode begun = item.deepCopy().put("status", "in_progress");
        out.append(sse("response.output_item.added", event("response.output_item.added", n).put("output_index", 0)
                .set("item", begun)));
        if (turn.tool() == null) {
            out.append(sse("response.output_text.delta", event("response.output_text.delta", n)
                    .put("item_id", "msg_1").put("output_index", 0).put("content_index", 0).put("delta", turn.text())));
        }
        out.append(sse("response.output_item.done", event("response.output_item.done", n).put("output_index", 0)
                .set("item", item)));
        out.append(sse("response.completed", event("response.completed", n).set("response", response)));
        return new Reply("text/event-stream", out.toString());
    }

    private static ObjectNode event(String type, int[] sequence) {
        return Json.object().put("type", type).put("sequence_number", sequence[0]++);
    }

    // --- Anthropic Messages -----------------------------------------------------------------------------------

    private static Reply anthropic(FakeProvider.Request request) throws IOException {
        ObjectNode body = (ObjectNode) Json.parse(request.body());
        List<String> texts = new ArrayList<>();
        String result = null;
        for (JsonNode message : body.path("messages")) {
            if (!message.path("role").asText().equals("user")) {
                continue;
            }
            result = null;
            JsonNode content = message.path("content");
            if (content.isTextual()) {
                texts.add(content.asText());
                continue;
            }
            for (JsonNode block : content) {
                if (block.path("type").asText().equals("text")) {
                    texts.add(block.path("text").asText());
                } else if (block.path("type").asText().equals("tool_result")) {
                    result = text(block.path("content"), "text");
                }
            }
        }
        List<String> tools = new ArrayList<>();
        body.path("tools").forEach(t -> tools.add(t.path("name").asText()));
        boolean json = body.has("output_config") || tools.contains("json_answer");
        Turn turn = decide("claude", texts, result, tools, json);
        String model = body.path("model").asText();
        ObjectNode usage = Json.object().put("input_tokens", 13).put("output_tokens", 5);
        if (!body.path("stream").asBoolean()) {
            ObjectNode message = Json.object().put("id", "msg_01").put("type", "message").put("role", "assistant")
                    .put("model", model);
            ArrayNode content = message.putArray("content");
            if (turn.tool() != null) {
                content.addObject().put("type", "tool_use").put("id", "toolu_01").put("name", turn.tool())
                        .set("input", Json.parse(turn.arguments()));
            } else {
                content.addObject().put("type", "text").put("text", turn.text());
            }
            message.put("stop_reason", turn.tool() != null ? "tool_use" : "end_turn");
            message.set("usage", usage);
            return new Reply("application/json", Json.text(message));
        }
        StringBuilder out = new StringBuilder();
        ObjectNode start = Json.object().put("type", "message_start");
        start.putObject("message").put("id", "msg_01").put("type", "message").put("role", "assistant")
                .put("model", model).putNull("stop_reason").set("usage", Json.object().put("input_tokens", 13)
                        .put("output_tokens", 1));
        ((ObjectNode) start.get("message")).putArray("content");
        out.append(sse("message_start", start));
        ObjectNode block = Json.object().put("type", "content_block_start").put("index", 0);
        ObjectNode delta = Json.object().put("type", "content_block_delta").put("index", 0);
        if (turn.tool() != null) {
            block.putObject("content_block").put("type", "tool_use").put("id", "toolu_01").put("name", turn.tool())
                    .putObject("input");
            delta.putObject("delta").put("type", "input_json_delta").put("partial_json", turn.arguments());
        } else {
            block.putObject("content_block").put("type", "text").put("text", "");
            delta.putObject("delta").put("type", "text_delta").put("text", turn.text());
        }
        out.append(sse("content_block_start", block)).append(sse("content_block_delta", delta));
        out.append(sse("content_block_stop", Json.object().put("type", "content_block_stop").put("index", 0)));
        ObjectNode end = Json.object().put("type", "message_delta");
        end.putObject("delta").put("stop_reason", turn.tool() != null ? "tool_use" : "end_turn");
        end.putObject("usage").put("output_tokens", 5);
        out.append(sse("message_delta", end)).append(sse("message_stop", Json.object().put("type", "message_stop")));
        return new Reply("text/event-stream", out.toString());
    }

    // --- Gemini -----------------------------------------------------------------------------------------------

    private static Reply gemini(FakeProvider.Request request) throws IOException {
        ObjectNode body = (ObjectNode) Json.parse(request.body());
        List<String> texts = new ArrayList<>();
        String result = null;
        for (JsonNode content : body.path("contents")) {
            if (!content.path("role").asText().equals("user")) {
                continue;
            }
            result = null;
            for (JsonNode part : content.path("parts")) {
                if (part.has("text")) {
                    texts.add(part.path("text").asText());
                } else if (part.has("functionResponse")) {
                    JsonNode response = part.path("functionResponse").path("response");
                    result = response.has("content") ? response.path("content").asText() : Json.text(response);
                }
            }
        }
        List<String> tools = new ArrayList<>();
        body.path("tools").forEach(t -> t.path("functionDeclarations").forEach(f -> tools.add(f.path("name")
                .asText())));
        boolean json = body.path("generationConfig").has("responseMimeType");
        Turn turn = decide("gemini", texts, result, tools, json);
        ObjectNode answer = Json.object();
        ObjectNode candidate = answer.putArray("candidates").addObject();
        ObjectNode part = candidate.putObject("content").put("role", "model").putArray("parts").addObject();
        if (turn.tool() != null) {
            part.putObject("functionCall").put("name", turn.tool()).set("args", Json.parse(turn.arguments()));
        } else {
            part.put("text", turn.text());
        }
        candidate.put("finishReason", "STOP").put("index", 0);
        answer.putObject("usageMetadata").put("promptTokenCount", 17).put("candidatesTokenCount", 4)
                .put("totalTokenCount", 21);
        if (request.pathAndQuery().contains(":streamGenerateContent")) {
            return new Reply("text/event-stream", sse(null, answer));
        }
        return new Reply("application/json", Json.text(answer));
    }

    /** The text of a content: a string, or the parts of {@code type} joined. */
    private static String text(JsonNode content, String typeSuffix) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            if (part.path("type").asText().endsWith(typeSuffix)) {
                text.append(part.path("text").asText());
            }
        }
        return text.toString();
    }
}

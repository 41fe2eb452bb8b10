package dev.onellmapi.frontdoor.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static dev.onellmapi.frontdoor.chat.InvalidRequest.above;
import static dev.onellmapi.frontdoor.chat.InvalidRequest.below;
import static dev.onellmapi.frontdoor.chat.InvalidRequest.missing;
import static dev.onellmapi.frontdoor.chat.InvalidRequest.tooLong;
import static dev.onellmapi.frontdoor.chat.InvalidRequest.type;
import static dev.onellmapi.frontdoor.chat.InvalidRequest.value;

/**
 * OpenAI's own checks of a chat request (types, ranges, message shapes, as its API reference documents them), made by
 * the gateway for the providers it translates to: OpenAI would refuse such a request with a 400 naming the
 * {@code param}, where a translated provider would answer something else than the client meant. Hand-written rather
 * than schema-driven: one pass over the parsed tree, about a microsecond, no schema to load. A null value is an
 * absent one, as OpenAI takes it.
 */
public final class ChatRequestRules {
    static final Set<String> REASONING_EFFORTS = Set.of("none", "minimal", "low", "medium", "high");
    private static final Set<String> TOOL_CHOICES = Set.of("none", "auto", "required");
    private static final Set<String> USER_PARTS = Set.of("text", "image_url", "input_audio", "file");
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    private static final BigDecimal TWO = BigDecimal.valueOf(2);

    private ChatRequestRules() {
    }

    /** @throws dev.onellmapi.wire.ApiError (400) at the first rule the request breaks */
    public static void check(ObjectNode body) {
        JsonNode messages = body.get("messages");
        for (int i = 0; i < messages.size(); i++) {
            message(messages.get(i), "messages[" + i + "]");
        }
        toolResultsAnswerToolCalls(messages);
        decimal(body, "temperature", BigDecimal.ZERO, TWO);
        decimal(body, "top_p", BigDecimal.ZERO, BigDecimal.ONE);
        decimal(body, "presence_penalty", TWO.negate(), TWO);
        decimal(body, "frequency_penalty", TWO.negate(), TWO);
        integer(body, "max_tokens", 1, Integer.MAX_VALUE);
        integer(body, "max_completion_tokens", 1, Integer.MAX_VALUE);
        integer(body, "n", 1, 128);
        integer(body, "seed", Long.MIN_VALUE, Long.MAX_VALUE);
        integer(body, "top_logprobs", 0, 20);
        bool(body, "logprobs");
        bool(body, "parallel_tool_calls");
        text(body, "user");
        stop(body.get("stop"));
        tools(body.get("tools"));
        toolChoice(body.get("tool_choice"));
        responseFormat(body.get("response_format"));
        JsonNode effort = present(body.get("reasoning_effort"));
        if (effort != null && (!effort.isTextual() || !REASONING_EFFORTS.contains(effort.asText()))) {
            throw value("reasoning_effort", "Invalid value for 'reasoning_effort': expected one of "
                    + "'none', 'minimal', 'low', 'medium' or 'high'.");
        }
        JsonNode options = present(body.get("stream_options"));
        if (options != null) {
            bool(options, "include_usage", "stream_options.include_usage");
        }
    }

    private static void message(JsonNode message, String at) {
        String role = message.get("role").asText();
        JsonNode content = present(message.get("content"));
        text(message, "name", at + ".name");
        switch (role) {
            case "system", "developer" -> content(required(content, at + ".content"), at + ".content",
                    Set.of("text"));
            case "user" -> content(required(content, at + ".content"), at + ".content", USER_PARTS);
            case "assistant" -> {
                JsonNode calls = present(message.get("tool_calls"));
                if (calls != null) {
                    toolCalls(calls, at + ".tool_calls");
                }
                if (content != null) {
                    content(content, at + ".content", Set.of("text", "refusal"));
                } else if ((calls == null || calls.isEmpty()) && present(message.get("function_call")) == null) {
                    throw missing(at + ".content");
                }
            }
            case "tool" -> {
                content(required(content, at + ".content"), at + ".content", Set.of("text"));
                JsonNode id = required(present(message.get("tool_call_id")), at + ".tool_call_id");
                if (!id.isTextual()) {
                    throw type(at + ".tool_call_id", "a string", id);
                }
            }
            default -> { // "function", the deprecated tool result: a name and a content
                required(present(message.get("name")), at + ".name");
                if (content != null && !content.isTextual()) {
                    throw type(at + ".content", "a string", content);
                }
            }
        }
    }

    /**
     * As OpenAI pairs them: each tool message answers a call of the assistant message just before the tool messages,
     * and each such call is answered before the conversation goes on (or ends). Providers pair them too (Anthropic's
     * tool_result per tool_use, Gemini's functionResponse per functionCall) and would refuse, or guess, otherwise.
     */
    private static void toolResultsAnswerToolCalls(JsonNode messages) {
        Set<String> open = new HashSet<>();
        int openAt = -1;
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String role = message.get("role").asText();
            if (role.equals("tool")) {
                if (!open.remove(message.get("tool_call_id").asText())) {
                    throw value("messages[" + i + "].role", "Invalid parameter: messages with role 'tool' must be "
                            + "a response to a preceding message with 'tool_calls'.");
                }
                continue;
            }
            unanswered(open, openAt);
            JsonNode calls = message.get("tool_calls");
            if (role.equals("assistant") && calls != null && calls.isArray() && !calls.isEmpty()) {
                open = new HashSet<>();
                for (JsonNode call : calls) {
                    open.add(call.get("id").asText());
                }
                openAt = i;
            }
        }
        unanswered(open, openAt);
    }

    private static void unanswered(Set<String> open, int at) {
        if (!open.isEmpty()) {
            throw value("messages[" + at + "].tool_calls", "An assistant message with 'tool_calls' must be followed "
                    + "by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have "
                    + "response messages: " + String.join(", ", new TreeSet<>(open)));
        }
    }

    /** A string, or a non-empty array of parts of the given types, each with the fields its type requires. */
    private static void content(JsonNode content, String at, Set<String> partTypes) {
        if (content.isTextual()) {
            return;
        }
        if (!content.isArray()) {
            throw type(at, "one of a string or array of objects", content);
        }
        if (content.isEmpty()) {
            throw value(at, "Invalid '" + at + "': empty array. Expected an array with minimum length 1, but got an "
                    + "empty array instead.");
        }
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            String p = at + "[" + i + "]";
            if (!part.isObject()) {
                throw type(p, "an object", part);
            }
            JsonNode kind = required(present(part.get("type")), p + ".type");
            if (!kind.isTextual() || !partTypes.contains(kind.asText())) {
                throw value(p + ".type", "Invalid value: '" + kind.asText() + "'. Supported values are: "
                        + String.join(", ", partTypes.stream().sorted().map(t -> "'" + t + "'").toList()) + ".");
            }
            switch (kind.asText()) {
                case "text" -> requiredText(part, "text", p);
                case "refusal" -> requiredText(part, "refusal", p);
                case "image_url" -> {
                    JsonNode image = required(present(part.get("image_url")), p + ".image_url");
                    if (!image.isObject()) {
                        throw type(p + ".image_url", "an object", image);
                    }
                    requiredText(image, "url", p + ".image_url");
                }
                default -> required(present(part.get(kind.asText())), p + "." + kind.asText());
            }
        }
    }

    private static void toolCalls(JsonNode calls, String at) {
        if (!calls.isArray()) {
            throw type(at, "an array", calls);
        }
        for (int i = 0; i < calls.size(); i++) {
            JsonNode call = calls.get(i);
            String c = at + "[" + i + "]";
            if (!call.isObject()) {
                throw type(c, "an object", call);
            }
            requiredText(call, "id", c);
            JsonNode function = required(present(call.get("function")), c + ".function");
            if (!function.isObject()) {
                throw type(c + ".function", "an object", function);
            }
            requiredText(function, "name", c + ".function");
            requiredText(function, "arguments", c + ".function");
        }
    }

    private static void stop(JsonNode stop) {
        stop = present(stop);
        if (stop == null || stop.isTextual()) {
            return;
        }
        if (!stop.isArray()) {
            throw type("stop", "one of a string or array of strings", stop);
        }
        if (stop.size() > 4) {
            throw tooLong("stop", 4, stop.size());
        }
        for (int i = 0; i < stop.size(); i++) {
            if (!stop.get(i).isTextual()) {
                throw type("stop[" + i + "]", "a string", stop.get(i));
            }
        }
    }

    private static void tools(JsonNode tools) {
        tools = present(tools);
        if (tools == null) {
            return;
        }
        if (!tools.isArray()) {
            throw type("tools", "an array", tools);
        }
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            String t = "tools[" + i + "]";
            if (!tool.isObject()) {
                throw type(t, "an object", tool);
            }
            JsonNode kind = required(present(tool.get("type")), t + ".type");
            if (!"function".equals(kind.asText())) {
                throw value(t + ".type", "Invalid value: '" + kind.asText() + "'. Supported values are: 'function'.");
            }
            JsonNode function = required(present(tool.get("function")), t + ".function");
            if (!function.isObject()) {
                throw type(t + ".function", "an object", function);
            }
            name(function, t + ".function");
            text(function, "description", t + ".function.description");
            JsonNode parameters = present(function.get("parameters"));
            if (parameters != null && !parameters.isObject()) {
                throw type(t + ".function.parameters", "an object", parameters);
            }
        }
    }

    private static void toolChoice(JsonNode choice) {
        choice = present(choice);
        if (choice == null) {
            return;
        }
        if (choice.isTextual()) {
            if (!TOOL_CHOICES.contains(choice.asText())) {
                throw value("tool_choice", "Invalid value: '" + choice.asText() + "'. Supported values are: 'none', "
                        + "'auto' and 'required', or an object naming a function.");
            }
            return;
        }
        if (!choice.isObject()) {
            throw type("tool_choice", "one of a string or object", choice);
        }
        JsonNode function = required(present(choice.get("function")), "tool_choice.function");
        if (!function.isObject()) {
            throw type("tool_choice.function", "an object", function);
        }
        requiredText(function, "name", "tool_choice.function");
    }

    private static void responseFormat(JsonNode format) {
        format = present(format);
        if (format == null) {
            return;
        }
        if (!format.isObject()) {
            throw type("response_format", "an object", format);
        }
        String kind = required(present(format.get("type")), "response_format.type").asText();
        switch (kind) {
            case "text", "json_object" -> {
            }
            case "json_schema" -> {
                JsonNode schema = required(present(format.get("json_schema")), "response_format.json_schema");
                if (!schema.isObject()) {
                    throw type("response_format.json_schema", "an object", schema);
                }
                name(schema, "response_format.json_schema");
                JsonNode body = present(schema.get("schema"));
                if (body != null && !body.isObject()) {
                    throw type("response_format.json_schema.schema", "an object", body);
                }
                bool(schema, "strict", "response_format.json_schema.strict");
            }
            default -> throw value("response_format.type", "Invalid value: '" + kind + "'. Supported values are: "
                    + "'text', 'json_object' and 'json_schema'.");
        }
    }

    /** A function's (or a response schema's) {@code name}: required, letters, digits, _ and -, at most 64. */
    private static void name(JsonNode owner, String at) {
        JsonNode name = requiredText(owner, "name", at);
        if (!NAME.matcher(name.asText()).matches()) {
            throw value(at + ".name", "Invalid '" + at + ".name': string does not match pattern. Expected a string "
                    + "that matches the pattern '^[a-zA-Z0-9_-]{1,64}$'.");
        }
    }

    private static void decimal(ObjectNode body, String field, BigDecimal min, BigDecimal max) {
        JsonNode value = present(body.get(field));
        if (value == null) {
            return;
        }
        if (!value.isNumber()) {
            throw type(field, "a decimal", value);
        }
        BigDecimal v = value.decimalValue();
        if (v.compareTo(max) > 0) {
            throw above(field, "decimal", max, value);
        }
        if (v.compareTo(min) < 0) {
            throw below(field, "decimal", min, value);
        }
    }

    private static void integer(ObjectNode body, String field, long min, long max) {
        JsonNode value = present(body.get(field));
        if (value == null) {
            return;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw type(field, "an integer", value);
        }
        long v = value.asLong();
        if (v > max) {
            throw above(field, "integer", max, value);
        }
        if (v < min) {
            throw below(field, "integer", min, value);
        }
    }

    private static void bool(JsonNode owner, String field) {
        bool(owner, field, field);
    }

    private static void bool(JsonNode owner, String field, String at) {
        JsonNode value = present(owner.get(field));
        if (value != null && !value.isBoolean()) {
            throw type(at, "a boolean", value);
        }
    }

    private static void text(JsonNode owner, String field) {
        text(owner, field, field);
    }

    private static void text(JsonNode owner, String field, String at) {
        JsonNode value = present(owner.get(field));
        if (value != null && !value.isTextual()) {
            throw type(at, "a string", value);
        }
    }

    private static JsonNode requiredText(JsonNode owner, String field, String at) {
        JsonNode value = required(present(owner.get(field)), at + "." + field);
        if (!value.isTextual()) {
            throw type(at + "." + field, "a string", value);
        }
        return value;
    }

    private static JsonNode required(JsonNode value, String at) {
        if (value == null) {
            throw missing(at);
        }
        return value;
    }

    private static JsonNode present(JsonNode value) {
        return value == null || value.isNull() ? null : value;
    }
}

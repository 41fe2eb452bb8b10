package dev.onellmapi.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.ApiError;
import dev.onellmapi.wire.Json;
import dev.onellmapi.chat.ProviderCall;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * OpenAI's {@code response_format} for Claude. A {@code json_schema} goes as Anthropic's structured output
 * ({@code output_config.format}) to the models that have it (Claude 4.5 and later), whose answer text is then the
 * JSON. Elsewhere, and for {@code json_object} (which has no schema to constrain to), the answer is asked for as a
 * forced call of one tool, {@value #TOOL}, whose input schema is the client's; its input comes back as the message
 * content (streamed as content deltas), never as a tool call.
 */
final class AnthropicStructuredOutput {
    /** The tool a JSON answer is asked through when structured output cannot be used. */
    static final String TOOL = "json_answer";
    /** Claude models with structured output: 4.5 and later of each family. */
    private static final Pattern NATIVE = Pattern.compile("claude-(opus|sonnet|haiku)-(4-[5-9]|[5-9]).*");

    private AnthropicStructuredOutput() {
    }

    /** Adds what {@code response_format} asks for to the Anthropic request {@code out} (its tools already set). */
    static void apply(ObjectNode in, ObjectNode out, String model) {
        JsonNode format = in.path("response_format");
        String type = format.path("type").asText("text");
        if (type.equals("text")) {
            return;
        }
        JsonNode schema = format.path("json_schema").path("schema");
        if (type.equals("json_schema") && isNative(model)) {
            ObjectNode config = out.has("output_config") ? (ObjectNode) out.get("output_config")
                    : out.putObject("output_config");
            config.putObject("format").put("type", "json_schema").set("schema", schema.isObject() ? schema
                    : Json.object().put("type", "object"));
            return;
        }
        if (out.has("thinking")) {
            // Anthropic refuses a forced tool call while the model thinks
            throw ApiError.invalidRequest(model + " cannot think and be held to a JSON answer at once (its JSON "
                    + "answer is a forced tool call, which extended thinking does not allow); use reasoning_effort "
                    + "or response_format, or a Claude 4.5 model for json_schema", "response_format");
        }
        ObjectNode tool = Json.object().put("name", TOOL);
        tool.put("description", "Give your whole answer by calling this tool: its input is the answer. "
                + format.path("json_schema").path("description").asText(""));
        tool.set("input_schema", schema.isObject() ? schema : Json.object().put("type", "object"));
        boolean clientTools = out.has("tools");
        (clientTools ? (ArrayNode) out.get("tools") : out.putArray("tools")).add(tool);
        String clientChoice = out.path("tool_choice").path("type").asText("auto");
        if (!clientTools || clientChoice.equals("none")) {
            out.putObject("tool_choice").put("type", "tool").put("name", TOOL);
        } else if (clientChoice.equals("auto")) {
            // a client tool or the answer, as OpenAI does it: either tool calls, or content in the asked format
            ObjectNode choice = out.has("tool_choice") ? (ObjectNode) out.get("tool_choice")
                    : out.putObject("tool_choice");
            choice.put("type", "any");
        }
    }

    /** The name of the tool whose input is the answer, or null when the request did not use one. */
    static String answerTool(ProviderCall call) {
        String type = call.chat().body().path("response_format").path("type").asText("text");
        return type.equals("json_object") || (type.equals("json_schema")
                && !isNative(call.target().upstreamModel())) ? TOOL : null;
    }

    private static boolean isNative(String model) {
        return NATIVE.matcher(model.toLowerCase(Locale.ROOT)).matches();
    }
}

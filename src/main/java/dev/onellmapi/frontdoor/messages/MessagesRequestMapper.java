package dev.onellmapi.frontdoor.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.Json;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import static dev.onellmapi.frontdoor.messages.MessagesFields.array;
import static dev.onellmapi.frontdoor.messages.MessagesFields.object;
import static dev.onellmapi.frontdoor.messages.MessagesFields.present;
import static dev.onellmapi.frontdoor.messages.MessagesFields.required;

/**
 * A Messages request for a model that is not Claude → the chat form (OpenAI Chat Completions JSON) the gateway sends
 * to every provider. What would change the answer and the provider cannot do is refused with the field named
 * ({@link InvalidMessagesRequest}); what only steers how Anthropic works is left out and named
 * ({@link ChatTranslation#ignored()}); a field this door does not know is left out and named too, so a new Claude Code
 * release that sends one more field keeps working.
 */
public final class MessagesRequestMapper {
    /** Fields this door translates (or refuses). */
    private static final Set<String> KNOWN = Set.of("model", "messages", "system", "max_tokens", "metadata",
            "stop_sequences", "stream", "temperature", "top_p", "top_k", "tools", "tool_choice", "thinking",
            "output_config", "output_format", "mcp_servers");
    /** Fields that steer Anthropic's service only: left out and named. */
    private static final Set<String> STEERING = Set.of("cache_control", "context_management", "service_tier",
            "container", "inference_geo");
    /** Fields that would have Anthropic run something for the model: no other provider can. */
    private static final Map<String, String> REFUSED = Map.of("mcp_servers",
            "MCP servers run by Anthropic are available for Claude models only");
    /** OpenAI's chat API takes at most 4 stop sequences (Gemini 5): the lower bound for every translated provider. */
    private static final int MAX_STOP_SEQUENCES = 4;

    private MessagesRequestMapper() {
    }

    /** @throws InvalidMessagesRequest naming the first field that is wrong or that the target cannot honour */
    public static ChatTranslation toChat(ObjectNode request, TranslatedModel target) {
        Set<String> ignored = new LinkedHashSet<>();
        ObjectNode chat = Json.object();
        chat.put("model", MessagesFields.text(request, "model", "model"));
        chat.set("messages", MessagesConversation.toChat(present(request, "system"),
                required(request, "messages", "messages"), target, ignored));
        chat.put("max_completion_tokens", maxTokens(request, target));
        sampling(request, chat, target);
        tools(request, chat, ignored);
        reasoning(request, chat, target, ignored);
        JsonNode user = present(request, "metadata") == null ? null : present(request.get("metadata"), "user_id");
        if (user != null) {
            chat.put("user", user.asText());
        }
        if (request.path("stream").asBoolean(false)) {
            chat.put("stream", true);
            chat.putObject("stream_options").put("include_usage", true); // message_delta's usage needs it
        }
        request.fieldNames().forEachRemaining(name -> {
            JsonNode value = present(request, name);
            if (REFUSED.containsKey(name) && value != null && !value.isEmpty()) {
                throw new InvalidMessagesRequest(name, REFUSED.get(name));
            }
            if (STEERING.contains(name) || !KNOWN.contains(name)) {
                ignored.add(name);
            }
        });
        return new ChatTranslation(chat, ignored);
    }

    /**
     * {@code max_tokens} is required, as Anthropic requires it. Above what the model allows it is lowered to that
     * (Claude Code asks any model it does not know for 32000; gpt-4o allows 16384): the answer is the same unless it
     * would have run past the model's own limit, where the provider would have cut it too.
     */
    private static int maxTokens(ObjectNode request, TranslatedModel target) {
        JsonNode max = required(request, "max_tokens", "max_tokens");
        if (!max.canConvertToInt() || max.asInt() < 1 || !max.isIntegralNumber()) {
            throw new InvalidMessagesRequest("max_tokens", "Input should be an integer greater than or equal to 1");
        }
        int cap = target.outputCap();
        return cap > 0 ? Math.min(cap, max.asInt()) : max.asInt();
    }

    private static void sampling(ObjectNode request, ObjectNode chat, TranslatedModel target) {
        number(request, chat, "temperature", 1);
        number(request, chat, "top_p", 1);
        JsonNode topK = present(request, "top_k");
        if (topK != null) {
            if (!target.hasTopK()) {
                throw new InvalidMessagesRequest("top_k", target.model() + " has no top_k sampling (" + target.provider().id()
                        + " models take temperature and top_p)");
            }
            if (!topK.canConvertToInt() || topK.asInt() < 0) {
                throw new InvalidMessagesRequest("top_k", "Input should be an integer greater than or equal to 0");
            }
            chat.put("top_k", topK.asInt());
        }
        JsonNode stops = present(request, "stop_sequences");
        if (stops != null) {
            array(stops, "stop_sequences");
            if (stops.size() > MAX_STOP_SEQUENCES) {
                throw new InvalidMessagesRequest("stop_sequences", target.model() + " takes at most "
                        + MAX_STOP_SEQUENCES + " stop sequences");
            }
            ArrayNode stop = chat.putArray("stop");
            for (int i = 0; i < stops.size(); i++) {
                if (!stops.get(i).isTextual()) {
                    throw new InvalidMessagesRequest("stop_sequences[" + i + "]", "Input should be a valid string");
                }
                stop.add(stops.get(i));
            }
            if (stop.isEmpty()) {
                chat.remove("stop");
            }
        }
    }

    private static void number(ObjectNode request, ObjectNode chat, String field, int max) {
        JsonNode value = present(request, field);
        if (value == null) {
            return;
        }
        if (!value.isNumber() || value.doubleValue() < 0 || value.doubleValue() > max) {
            throw new InvalidMessagesRequest(field, "Input should be a number between 0 and " + max);
        }
        chat.set(field, value);
    }

    private static void tools(ObjectNode request, ObjectNode chat, Set<String> ignored) {
        JsonNode tools = present(request, "tools");
        ArrayNode functions = tools == null ? null : MessagesTools.tools(tools, ignored);
        if (functions != null) {
            chat.set("tools", functions);
        }
        JsonNode choice = present(request, "tool_choice");
        if (choice == null) {
            return;
        }
        MessagesTools.toolChoice(choice, chat);
        if (functions == null) {
            String kind = choice.path("type").asText();
            if (!kind.equals("auto") && !kind.equals("none")) {
                throw new InvalidMessagesRequest("tool_choice", "a tool must be called, but no client tool is "
                        + "offered (Anthropic's server tools are not available for this model)");
            }
            chat.remove("tool_choice"); // the chat form allows tool_choice only beside tools
            chat.remove("parallel_tool_calls");
        }
    }

    /**
     * Thinking and effort as {@code reasoning_effort} for a model that reasons. A model that does not (gpt-4o) would
     * refuse the field, while Claude Code asks it of every model it does not know: for those it only steers, so it is
     * left out and named. A JSON answer ({@code output_config.format}) becomes {@code response_format}.
     */
    private static void reasoning(ObjectNode request, ObjectNode chat, TranslatedModel target, Set<String> ignored) {
        JsonNode thinking = present(request, "thinking");
        JsonNode outputConfig = present(request, "output_config");
        if (outputConfig != null) {
            object(outputConfig, "output_config");
        }
        String effort = MessagesReasoning.effort(thinking, outputConfig);
        if (target.reasons()) {
            if (effort != null) {
                chat.put("reasoning_effort", effort);
            }
        } else {
            if (MessagesReasoning.asksToThink(thinking)) {
                ignored.add("thinking");
            }
            if (outputConfig != null && present(outputConfig, "effort") != null) {
                ignored.add("output_config.effort");
            }
        }
        JsonNode format = outputConfig == null ? null : present(outputConfig, "format");
        String formatPath = "output_config.format";
        if (format == null) {
            format = present(request, "output_format");
            formatPath = "output_format";
        }
        if (format != null) {
            object(format, formatPath);
            if (!format.path("type").asText().equals("json_schema")) {
                throw new InvalidMessagesRequest(formatPath + ".type", "Input should be 'json_schema'");
            }
            ObjectNode schema = object(required(format, "schema", formatPath + ".schema"), formatPath + ".schema")
                    .deepCopy();
            schema.remove("$schema");
            ObjectNode jsonSchema = chat.putObject("response_format").put("type", "json_schema")
                    .putObject("json_schema");
            jsonSchema.put("name", "answer").put("strict", true).set("schema", schema);
        }
    }
}

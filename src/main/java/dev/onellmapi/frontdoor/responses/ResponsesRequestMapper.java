package dev.onellmapi.frontdoor.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Responses request as a chat request, for the providers that have no Responses API. What would change the answer
 * and cannot be done is refused ({@link InvalidResponsesRequest}); what only steers how OpenAI would work, and fields
 * this gateway does not know, are left out and named in {@link ChatTranslation#ignored()}, for the
 * {@code x-one-llm-api-ignored} header. The chat request is then checked by the chat door's own rules.
 */
public final class ResponsesRequestMapper {
    /**
     * Read by the door itself (the model, stream, store, the conversation) or mapped below. Anything else steers how
     * OpenAI serves a request (prompt_cache_key, client_metadata, service_tier, ...) or is newer than this gateway.
     */
    private static final Set<String> HANDLED = Set.of("model", "input", "instructions", "stream", "store",
            "previous_response_id", "tools", "tool_choice", "parallel_tool_calls", "max_output_tokens", "temperature",
            "top_p", "text", "reasoning", "metadata", "user", "include", "stream_options", "safety_identifier",
            "background", "conversation", "prompt", "top_logprobs", "truncation");
    /** Responses' reasoning efforts as the chat form's. */
    private static final Map<String, String> EFFORTS = Map.of("none", "none", "minimal", "minimal", "low", "low",
            "medium", "medium", "high", "high", "xhigh", "high");
    static final String ENCRYPTED_REASONING = "reasoning.encrypted_content";

    private ResponsesRequestMapper() {
    }

    /**
     * @param history the items of the conversation it continues (previous_response_id's inputs and outputs, oldest
     *                first), or empty
     */
    public static ChatTranslation map(ResponsesRequest request, List<JsonNode> history) {
        ObjectNode in = request.body();
        List<String> ignored = new ArrayList<>();
        refuseWhatCannotBeDone(in);
        in.fieldNames().forEachRemaining(field -> {
            if (!HANDLED.contains(field)) { // prompt_cache_key, client_metadata, service_tier, new fields
                ignored.add(field);
            }
        });
        ObjectNode chat = Json.object();
        chat.put("model", request.model());
        ArrayNode items = inputItems(in.get("input"));
        List<JsonNode> conversation = new ArrayList<>(history);
        items.forEach(conversation::add);
        ToolNames names = new ToolNames();
        ArrayNode messages = Json.array();
        instructions(in.get("instructions"), messages, names, ignored);
        messages.addAll(ResponsesInput.messages(conversation, names, ignored));
        if (messages.isEmpty()) {
            throw InvalidResponsesRequest.missing("input");
        }
        chat.set("messages", messages);
        ResponsesTools.map(in, chat, names, ignored);
        copy(in, "temperature", chat, "temperature");
        copy(in, "top_p", chat, "top_p");
        copy(in, "max_output_tokens", chat, "max_completion_tokens");
        copy(in, "user", chat, "user");
        if (!chat.has("user")) {
            copy(in, "safety_identifier", chat, "user");
        }
        textFormat(in.path("text"), chat, ignored);
        reasoning(in.path("reasoning"), chat);
        include(in.get("include"), ignored);
        if ("auto".equals(in.path("truncation").asText())) {
            ignored.add("truncation");
        }
        if (request.stream()) {
            chat.put("stream", true);
            chat.putObject("stream_options").put("include_usage", true);
        }
        return new ChatTranslation(chat, List.copyOf(ignored), names, items);
    }

    /** This request's own input as items (a string is one user message), as they are stored. */
    static ArrayNode inputItems(JsonNode input) {
        if (input == null || input.isNull()) {
            return Json.array();
        }
        if (input.isTextual()) {
            return Json.array().add(ResponsesInput.userText(input.asText()));
        }
        if (!input.isArray()) {
            throw InvalidResponsesRequest.type("input", "a string or an array of input items");
        }
        return (ArrayNode) input;
    }

    private static void refuseWhatCannotBeDone(ObjectNode in) {
        if (in.path("background").asBoolean(false)) {
            throw InvalidResponsesRequest.unsupported("background", "Background responses are not supported for "
                    + "this model: leave background out and stream instead.");
        }
        if (in.hasNonNull("conversation")) {
            throw InvalidResponsesRequest.unsupported("conversation", "Conversations are not supported for this "
                    + "model: use previous_response_id, or send the whole input.");
        }
        if (in.hasNonNull("prompt")) {
            throw InvalidResponsesRequest.unsupported("prompt", "Prompt templates live at OpenAI: they are not "
                    + "supported for this model.");
        }
        if (in.path("top_logprobs").asInt(0) > 0) {
            throw InvalidResponsesRequest.unsupported("top_logprobs", "Log probabilities are not available for this "
                    + "model.");
        }
    }

    /** A string, or items (as a Response echoes them back) put before the conversation. */
    private static void instructions(JsonNode instructions, ArrayNode messages, ToolNames names,
                                     List<String> ignored) {
        if (instructions == null || instructions.isNull()) {
            return;
        }
        if (instructions.isTextual()) {
            if (!instructions.asText().isEmpty()) {
                messages.addObject().put("role", "system").put("content", instructions.asText());
            }
            return;
        }
        if (!instructions.isArray()) {
            throw InvalidResponsesRequest.type("instructions", "a string");
        }
        List<JsonNode> items = new ArrayList<>();
        instructions.forEach(items::add);
        messages.addAll(ResponsesInput.messages(items, names, ignored));
    }

    private static void textFormat(JsonNode text, ObjectNode chat, List<String> ignored) {
        if (text.has("verbosity") && !"medium".equals(text.path("verbosity").asText("medium"))) {
            ignored.add("text.verbosity");
        }
        JsonNode format = text.get("format");
        if (format == null || format.isNull()) {
            return;
        }
        switch (format.path("type").asText()) {
            case "text" -> {
                // the default
            }
            case "json_object" -> chat.putObject("response_format").put("type", "json_object");
            case "json_schema" -> {
                ObjectNode schema = Json.object();
                schema.put("name", format.path("name").asText("response"));
                for (String field : List.of("description", "schema", "strict")) {
                    copy(format, field, schema, field);
                }
                if (!schema.has("schema")) {
                    throw InvalidResponsesRequest.missing("text.format.schema");
                }
                chat.putObject("response_format").put("type", "json_schema").set("json_schema", schema);
            }
            default -> throw InvalidResponsesRequest.invalid("text.format.type", "Invalid value for "
                    + "'text.format.type': expected 'text', 'json_object' or 'json_schema'.");
        }
    }

    private static void reasoning(JsonNode reasoning, ObjectNode chat) {
        JsonNode effort = reasoning.get("effort");
        if (effort == null || effort.isNull()) {
            return;
        }
        String mapped = effort.isTextual() ? EFFORTS.get(effort.asText()) : null;
        if (mapped == null) {
            throw InvalidResponsesRequest.invalid("reasoning.effort", "Invalid value for 'reasoning.effort': "
                    + "expected one of 'none', 'minimal', 'low', 'medium', 'high' or 'xhigh'.");
        }
        chat.put("reasoning_effort", mapped);
    }

    /** Only the encrypted reasoning is kept (it always is here); the rest describes built-in tools' results. */
    private static void include(JsonNode include, List<String> ignored) {
        if (include == null || include.isNull()) {
            return;
        }
        if (!include.isArray()) {
            throw InvalidResponsesRequest.type("include", "an array of strings");
        }
        for (JsonNode value : include) {
            if (!ENCRYPTED_REASONING.equals(value.asText())) {
                ignored.add("include[" + value.asText() + "]");
            }
        }
    }

    private static void copy(JsonNode from, String field, ObjectNode to, String as) {
        JsonNode value = from.get(field);
        if (value != null && !value.isNull()) {
            to.set(as, value);
        }
    }
}

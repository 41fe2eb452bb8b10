package dev.onellmapi.frontdoor.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.Json;

import java.util.UUID;

/**
 * The documents of the Responses API a translated answer is made of, built once here for the whole answer and the
 * stream alike: the {@code response} object (echoing the request's settings as OpenAI does), its output items, and
 * the usage.
 */
final class ResponseObject {
    private ResponseObject() {
    }

    /** An id with OpenAI's prefix ({@code resp_}, {@code msg_}, {@code fc_}, {@code rs_}) and 48 random hex digits. */
    static String newId(String prefix) {
        String hex = UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
        return prefix + hex.substring(0, 48);
    }

    /** The response with its status, an empty output and no usage yet. */
    static ObjectNode of(ResponsesRequest request, String id, long createdAt, String status) {
        ObjectNode in = request.body();
        ObjectNode response = Json.object();
        response.put("id", id);
        response.put("object", "response");
        response.put("created_at", createdAt);
        response.put("status", status);
        response.put("background", false);
        response.putNull("error");
        response.putNull("incomplete_details");
        echo(in, response, "instructions", null);
        echo(in, response, "max_output_tokens", null);
        response.put("model", request.model());
        response.putArray("output");
        echo(in, response, "parallel_tool_calls", Json.object().booleanNode(true));
        echo(in, response, "previous_response_id", null);
        ObjectNode reasoning = response.putObject("reasoning");
        echo(in.path("reasoning"), reasoning, "effort", null);
        echo(in.path("reasoning"), reasoning, "summary", null);
        response.put("store", request.store());
        echo(in, response, "temperature", Json.object().numberNode(1));
        ObjectNode text = response.putObject("text");
        echo(in.path("text"), text, "format", Json.object().put("type", "text"));
        echo(in, response, "tool_choice", Json.object().textNode("auto"));
        echo(in, response, "tools", Json.array());
        echo(in, response, "top_p", Json.object().numberNode(1));
        response.put("truncation", in.path("truncation").asText("disabled"));
        response.putNull("usage");
        echo(in, response, "user", null);
        echo(in, response, "metadata", Json.object());
        return response;
    }

    private static void echo(JsonNode in, ObjectNode out, String field, JsonNode absent) {
        JsonNode value = in.get(field);
        out.set(field, value != null && !value.isNull() ? value : absent == null ? Json.object().nullNode() : absent);
    }

    static ObjectNode message(String id, String status) {
        ObjectNode item = Json.object().put("id", id).put("type", "message").put("status", status)
                .put("role", "assistant");
        item.putArray("content");
        return item;
    }

    static ObjectNode outputText(String text) {
        ObjectNode part = Json.object().put("type", "output_text").put("text", text);
        part.putArray("annotations");
        part.putArray("logprobs");
        return part;
    }

    static ObjectNode refusal(String text) {
        return Json.object().put("type", "refusal").put("refusal", text);
    }

    static ObjectNode reasoning(String id, String summary, ArrayNode thinkingBlocks) {
        ObjectNode item = Json.object().put("id", id).put("type", "reasoning");
        ArrayNode parts = item.putArray("summary");
        if (summary != null && !summary.isEmpty()) {
            parts.addObject().put("type", "summary_text").put("text", summary);
        }
        if (thinkingBlocks != null && !thinkingBlocks.isEmpty()) {
            item.put("encrypted_content", ReasoningItems.encode(thinkingBlocks));
        }
        return item;
    }

    /** A function call, or a custom tool's call, named as the client named the tool. */
    static ObjectNode toolCall(String callId, String chatName, String arguments, ToolNames names, String status) {
        ToolNames.Tool tool = names.of(chatName);
        ObjectNode item = Json.object();
        if (tool.custom()) {
            item.put("id", newId("ctc_")).put("type", "custom_tool_call").put("status", status);
            item.put("call_id", callId).put("name", tool.name());
            JsonNode args = Json.parseObjectOrNull(arguments);
            item.put("input", args == null ? arguments : args.path(ToolNames.CUSTOM_INPUT).asText(""));
        } else {
            item.put("id", newId("fc_")).put("type", "function_call").put("status", status);
            item.put("call_id", callId).put("name", tool.name());
            item.put("arguments", arguments);
        }
        if (tool.namespace() != null) {
            item.put("namespace", tool.namespace());
        }
        return item;
    }

    /** Chat usage ({@code prompt_tokens}, ...) as the Responses API's, the details always present. */
    static ObjectNode usage(JsonNode chat) {
        long input = chat.path("prompt_tokens").asLong();
        long output = chat.path("completion_tokens").asLong();
        ObjectNode usage = Json.object();
        usage.put("input_tokens", input);
        usage.putObject("input_tokens_details").put("cached_tokens",
                chat.path("prompt_tokens_details").path("cached_tokens").asLong());
        usage.put("output_tokens", output);
        usage.putObject("output_tokens_details").put("reasoning_tokens",
                chat.path("completion_tokens_details").path("reasoning_tokens").asLong());
        usage.put("total_tokens", chat.path("total_tokens").asLong(input + output));
        return usage;
    }

    /** Sets the end status from the chat {@code finish_reason}: length and content_filter leave it incomplete. */
    static void finish(ObjectNode response, String finishReason) {
        String reason = switch (finishReason == null ? "stop" : finishReason) {
            case "length" -> "max_output_tokens";
            case "content_filter" -> "content_filter";
            default -> null;
        };
        response.put("status", reason == null ? "completed" : "incomplete");
        if (reason != null) {
            response.putObject("incomplete_details").put("reason", reason);
        }
    }
}

package dev.onellmapi.frontdoor.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A whole chat answer ({@code chat.completion}, first choice) as a Responses {@code response}: the reasoning item
 * first, then the message, then the tool calls, in the order the model produced them.
 */
public final class ResponsesResponseMapper {
    private ResponsesResponseMapper() {
    }

    public static ObjectNode map(ResponsesRequest request, ChatTranslation translation, JsonNode completion,
                                 String id, long createdAt) {
        ObjectNode response = ResponseObject.of(request, id, createdAt, "completed");
        JsonNode choice = completion.path("choices").path(0);
        JsonNode message = choice.path("message");
        ArrayNode output = (ArrayNode) response.get("output");
        String reasoning = request.showsReasoning() ? message.path("reasoning_content").asText("") : "";
        JsonNode blocks = message.get("thinking_blocks");
        ArrayNode thinking = blocks instanceof ArrayNode array ? array : null;
        if (!reasoning.isEmpty() || (thinking != null && !thinking.isEmpty())
                || message.hasNonNull("reasoning_content")) {
            output.add(ResponseObject.reasoning(ResponseObject.newId("rs_"), reasoning, thinking));
        }
        String text = message.path("content").asText("");
        String refusal = message.path("refusal").asText("");
        if (!text.isEmpty() || !refusal.isEmpty()) {
            ObjectNode item = ResponseObject.message(ResponseObject.newId("msg_"), "completed");
            ArrayNode content = (ArrayNode) item.get("content");
            if (!text.isEmpty()) {
                content.add(ResponseObject.outputText(text));
            }
            if (!refusal.isEmpty()) {
                content.add(ResponseObject.refusal(refusal));
            }
            output.add(item);
        }
        for (JsonNode call : message.path("tool_calls")) {
            output.add(ResponseObject.toolCall(call.path("id").asText(), call.path("function").path("name").asText(),
                    call.path("function").path("arguments").asText("{}"), translation.tools(), "completed"));
        }
        ResponseObject.finish(response, choice.path("finish_reason").asText(null));
        if (completion.has("usage")) {
            response.set("usage", ResponseObject.usage(completion.get("usage")));
        }
        return response;
    }
}

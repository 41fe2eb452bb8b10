package dev.onellmapi.frontdoor.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Chat chunks as the Responses API's stream: {@code response.created}, {@code response.in_progress}, then per output
 * item {@code output_item.added}, its parts and deltas, {@code output_item.done}, and at the end
 * {@code response.completed} (or {@code response.incomplete}) with the usage; every event numbered
 * ({@code sequence_number}). Each event is written as soon as its chunk is read. The reasoning and message items close
 * when the model moves on to another kind of output; tool calls close at the end, in the order they began. Nothing
 * is written before the first chunk, so a provider that fails at once is still an HTTP error with its status. One
 * instance per stream, used by one thread at a time.
 */
public final class ResponsesStreamMapper {
    private final ResponsesRequest request;
    private final ChatTranslation translation;
    private final Consumer<String> out;
    private final ObjectNode response;
    /** Every item begun, by output index. */
    private final List<ObjectNode> items = new ArrayList<>();
    private final Map<Integer, ToolItem> tools = new TreeMap<>();
    private int sequence;
    private boolean started;
    private boolean closed;
    private boolean ended;
    private ReasoningItem reasoning;
    private MessageItem message;
    private String finishReason;
    private JsonNode usage;

    /** @param out receives each event as SSE text ({@code event: ...\ndata: ...\n\n}) */
    public ResponsesStreamMapper(ResponsesRequest request, ChatTranslation translation, String id, long createdAt,
                                 Consumer<String> out) {
        this.request = request;
        this.translation = translation;
        this.out = out;
        this.response = ResponseObject.of(request, id, createdAt, "in_progress");
    }

    public boolean isStarted() {
        return started;
    }

    /** One {@code chat.completion.chunk}, as JSON text. */
    public void onChunk(String chunkJson) {
        ObjectNode chunk = Json.parseObjectOrNull(chunkJson);
        if (chunk == null || closed || ended) {
            return;
        }
        start();
        if (chunk.hasNonNull("usage")) {
            usage = chunk.get("usage");
        }
        for (JsonNode choice : chunk.path("choices")) {
            if (choice.path("index").asInt() != 0) {
                continue; // Responses has one answer
            }
            delta(choice.path("delta"));
            if (choice.hasNonNull("finish_reason")) {
                finishReason = choice.get("finish_reason").asText();
            }
        }
    }

    /**
     * The provider's stream ended well: closes the items still open and completes the response with its status and
     * usage (what a stored response keeps), without writing it yet; {@link #finish()} writes it.
     */
    public ObjectNode close() {
        if (!closed) {
            start();
            closed = true;
            closeReasoning();
            closeMessage();
            tools.values().forEach(ToolItem::close);
            tools.clear();
            ResponseObject.finish(response, finishReason);
            if (usage != null) {
                response.set("usage", ResponseObject.usage(usage));
            }
            setOutput();
        }
        return response;
    }

    /** Writes the end: {@code response.completed}, or {@code response.incomplete} (length, content filter). */
    public void finish() {
        if (ended) {
            return;
        }
        close();
        ended = true;
        emit(response.get("status").asText().equals("completed") ? "response.completed" : "response.incomplete",
                Json.object().set("response", response.deepCopy()));
    }

    /**
     * The stream broke off (or never began while the client's stream had): {@code response.failed}, with the error's
     * code (or one for its status) and message; the items finished so far stay in its output.
     */
    public void fail(int status, String code, String message) {
        if (ended) {
            return;
        }
        start();
        ended = true;
        response.put("status", "failed");
        response.putObject("error").put("code", code != null ? code : status == 429 ? "rate_limit_exceeded"
                : "server_error").put("message", message);
        setOutput();
        emit("response.failed", Json.object().set("response", response.deepCopy()));
    }

    private void start() {
        if (started) {
            return;
        }
        started = true;
        emit("response.created", Json.object().set("response", response.deepCopy()));
        emit("response.in_progress", Json.object().set("response", response.deepCopy()));
    }

    private void delta(JsonNode delta) {
        String thinking = delta.path("reasoning_content").asText("");
        JsonNode blocks = delta.get("thinking_blocks");
        if (!thinking.isEmpty() || (blocks != null && blocks.isArray() && !blocks.isEmpty())) {
            closeMessage();
            reasoning().add(thinking, blocks);
        }
        String text = delta.path("content").asText("");
        String refusal = delta.path("refusal").asText("");
        if (!text.isEmpty() || !refusal.isEmpty()) {
            closeReasoning();
            if (!text.isEmpty()) {
                message().text(text);
            }
            if (!refusal.isEmpty()) {
                message().refusal(refusal);
            }
        }
        for (JsonNode call : delta.path("tool_calls")) {
            closeReasoning();
            closeMessage();
            int index = call.path("index").asInt();
            ToolItem tool = tools.get(index);
            if (tool == null) {
                tool = new ToolItem(call.path("id").asText(ResponseObject.newId("call_")),
                        call.path("function").path("name").asText());
                tools.put(index, tool);
            }
            tool.arguments(call.path("function").path("arguments").asText(""));
        }
    }

    private ReasoningItem reasoning() {
        if (reasoning == null) {
            reasoning = new ReasoningItem();
        }
        return reasoning;
    }

    private MessageItem message() {
        if (message == null) {
            message = new MessageItem();
        }
        return message;
    }

    private void closeReasoning() {
        if (reasoning != null) {
            reasoning.close();
            reasoning = null;
        }
    }

    private void closeMessage() {
        if (message != null) {
            message.close();
            message = null;
        }
    }

    /** Adds an item; returns its output index. */
    private int begin(ObjectNode item) {
        items.add(item);
        int index = items.size() - 1;
        emit("response.output_item.added", Json.object().put("output_index", index).set("item", item.deepCopy()));
        return index;
    }

    private void done(int index, ObjectNode item) {
        items.set(index, item);
        emit("response.output_item.done", Json.object().put("output_index", index).set("item", item));
    }

    private void setOutput() {
        ArrayNode output = response.putArray("output");
        items.forEach(output::add);
    }

    private void emit(String type, ObjectNode event) {
        ObjectNode ordered = Json.object().put("type", type).put("sequence_number", sequence++);
        ordered.setAll(event);
        out.accept("event: " + type + "\ndata: " + Json.text(ordered) + "\n\n");
    }

    private ObjectNode at(String itemId, int outputIndex) {
        return Json.object().put("item_id", itemId).put("output_index", outputIndex);
    }

    /** A reasoning item: its summary text shown as it comes when the client asked for summaries. */
    private final class ReasoningItem {
        final String id = ResponseObject.newId("rs_");
        final int index = begin(ResponseObject.reasoning(id, null, null));
        final StringBuilder text = new StringBuilder();
        final ArrayNode blocks = Json.array();

        void add(String piece, JsonNode thinkingBlocks) {
            if (thinkingBlocks != null && thinkingBlocks.isArray()) {
                blocks.addAll((ArrayNode) thinkingBlocks);
            }
            if (piece.isEmpty() || !request.showsReasoning()) {
                return;
            }
            if (text.isEmpty()) {
                emit("response.reasoning_summary_part.added", at(id, index).put("summary_index", 0)
                        .set("part", Json.object().put("type", "summary_text").put("text", "")));
            }
            text.append(piece);
            emit("response.reasoning_summary_text.delta", at(id, index).put("summary_index", 0).put("delta", piece));
        }

        void close() {
            if (!text.isEmpty()) {
                emit("response.reasoning_summary_text.done", at(id, index).put("summary_index", 0)
                        .put("text", text.toString()));
                emit("response.reasoning_summary_part.done", at(id, index).put("summary_index", 0)
                        .set("part", Json.object().put("type", "summary_text").put("text", text.toString())));
            }
            ObjectNode item = ResponseObject.reasoning(id, text.toString(), blocks);
            done(index, item);
        }
    }

    /** An assistant message: an output_text part, and a refusal part if the model refused. */
    private final class MessageItem {
        final String id = ResponseObject.newId("msg_");
        final int index = begin(ResponseObject.message(id, "in_progress"));
        final StringBuilder text = new StringBuilder();
        final StringBuilder refusal = new StringBuilder();
        int textPart = -1;
        int refusalPart = -1;
        int parts;

        void text(String piece) {
            if (textPart < 0) {
                textPart = parts++;
                emit("response.content_part.added", at(id, index).put("content_index", textPart)
                        .set("part", ResponseObject.outputText("")));
            }
            text.append(piece);
            ObjectNode event = at(id, index).put("content_index", textPart).put("delta", piece);
            event.putArray("logprobs");
            emit("response.output_text.delta", event);
        }

        void refusal(String piece) {
            if (refusalPart < 0) {
                refusalPart = parts++;
                emit("response.content_part.added", at(id, index).put("content_index", refusalPart)
                        .set("part", ResponseObject.refusal("")));
            }
            refusal.append(piece);
            emit("response.refusal.delta", at(id, index).put("content_index", refusalPart).put("delta", piece));
        }

        void close() {
            ObjectNode item = ResponseObject.message(id, "completed");
            ArrayNode content = (ArrayNode) item.get("content");
            for (int part = 0; part < parts; part++) {
                ObjectNode whole;
                if (part == textPart) {
                    ObjectNode event = at(id, index).put("content_index", part).put("text", text.toString());
                    event.putArray("logprobs");
                    emit("response.output_text.done", event);
                    whole = ResponseObject.outputText(text.toString());
                } else {
                    emit("response.refusal.done", at(id, index).put("content_index", part)
                            .put("refusal", refusal.toString()));
                    whole = ResponseObject.refusal(refusal.toString());
                }
                emit("response.content_part.done", at(id, index).put("content_index", part).set("part", whole));
                content.add(whole);
            }
            done(index, item);
        }
    }

    /** A function call (or a custom tool's call), its arguments streamed as they come. */
    private final class ToolItem {
        final String callId;
        final String name;
        final ObjectNode begun;
        final String id;
        final int index;
        final StringBuilder arguments = new StringBuilder();

        ToolItem(String callId, String name) {
            this.callId = callId;
            this.name = name;
            this.begun = ResponseObject.toolCall(callId, name, "", translation.tools(), "in_progress");
            this.id = begun.get("id").asText();
            this.index = begin(begun);
        }

        boolean custom() {
            return begun.get("type").asText().equals("custom_tool_call");
        }

        void arguments(String piece) {
            if (piece.isEmpty()) {
                return;
            }
            arguments.append(piece);
            if (!custom()) { // a custom tool's input is known once its JSON arguments are whole
                emit("response.function_call_arguments.delta", at(id, index).put("delta", piece));
            }
        }

        void close() {
            String args = arguments.isEmpty() ? "{}" : arguments.toString();
            ObjectNode item = ResponseObject.toolCall(callId, name, args, translation.tools(), "completed");
            item.put("id", id);
            if (custom()) {
                String input = item.get("input").asText();
                emit("response.custom_tool_call_input.delta", at(id, index).put("delta", input));
                emit("response.custom_tool_call_input.done", at(id, index).put("input", input));
            } else {
                emit("response.function_call_arguments.done", at(id, index).put("name", item.get("name").asText())
                        .put("arguments", args));
            }
            done(index, item);
        }
    }
}

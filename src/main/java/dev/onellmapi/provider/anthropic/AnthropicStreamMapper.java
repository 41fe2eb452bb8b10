package dev.onellmapi.provider.anthropic;

import dev.onellmapi.wire.ChatCompletionJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.Json;
import dev.onellmapi.chat.ProviderCall;
import dev.onellmapi.provider.UpstreamErrors;
import dev.onellmapi.wire.ChunkSink;
import dev.onellmapi.wire.SseEvent;
import dev.onellmapi.wire.StreamMapper;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Anthropic's stream events → OpenAI chunks, each written as soon as its event is read: a role chunk on
 * {@code message_start}, content / reasoning / tool-call deltas as they come, the {@code finish_reason} chunk on
 * {@code message_delta}, and at the end one usage chunk if the client asked for it. One instance per stream.
 */
final class AnthropicStreamMapper implements StreamMapper {
    private final ProviderCall call;
    private final long created = System.currentTimeMillis() / 1000;
    private String id = "";
    private String model;
    private boolean started;
    /** A stop_reason or message_stop came: without either the stream was cut short. */
    private boolean finished;
    /** Anthropic's usage fields as last reported: message_start's, then each message_delta's, field by field. */
    private final ObjectNode usage = Json.object();
    /** OpenAI numbers tool calls 0, 1, ...; Anthropic's block index also counts text and thinking blocks. */
    private int toolCalls;
    private final Map<Integer, ToolBlock> toolBlocks = new HashMap<>();
    /** The tool whose input is the JSON answer (AnthropicStructuredOutput), or null; its block streams as content. */
    private final String answerTool;
    private final Map<Integer, ToolBlock> answerBlocks = new HashMap<>();
    /** Thinking blocks being streamed, by block index; when done, sent whole (signature included) and kept. */
    private final Map<Integer, ThinkingBlock> thinkingBlocks = new HashMap<>();
    private final ArrayNode finishedThinking = Json.array();
    private final List<String> toolCallIds = new ArrayList<>();

    private static final class ToolBlock {
        final int index;
        boolean sentArguments;

        ToolBlock(int index) {
            this.index = index;
        }
    }

    private static final class ThinkingBlock {
        final StringBuilder thinking = new StringBuilder();
        final StringBuilder signature = new StringBuilder();
    }

    AnthropicStreamMapper(ProviderCall call) {
        this.call = call;
        this.model = call.target().upstreamModel();
        this.answerTool = AnthropicStructuredOutput.answerTool(call);
    }

    @Override
    public boolean onEvent(SseEvent event, ChunkSink sink) {
        if (event.data().isBlank()) {
            return true;
        }
        ObjectNode data = Json.parseObjectOrNull(event.data());
        if (data == null) {
            throw UpstreamErrors.invalidEvent("anthropic");
        }
        switch (data.path("type").asText()) {
            case "message_start" -> start(data.path("message"), sink);
            case "content_block_start" -> blockStart(data.path("index").asInt(), data.path("content_block"), sink);
            case "content_block_delta" -> blockDelta(data.path("index").asInt(), data.path("delta"), sink);
            case "content_block_stop" -> blockStop(data.path("index").asInt(), sink);
            case "message_delta" -> messageDelta(data, sink);
            case "message_stop" -> {
                finished = true;
                return false;
            }
            case "error" -> throw AnthropicErrors.fromEvent(event.data());
            default -> {
                // ping, and event types added later: nothing for the client
            }
        }
        return true;
    }

    @Override
    public void onEnd(ChunkSink sink) {
        if (!finished) {
            throw UpstreamErrors.unfinishedStream("anthropic");
        }
        AnthropicThinkingBlocks.remember(finishedThinking, toolCallIds);
        if (started && call.chat().includeUsage()) {
            sink.chunk(ChatCompletionJson.usageChunk(id, created, model, AnthropicResponseMapper.usage(usage)));
        }
    }

    private void start(JsonNode message, ChunkSink sink) {
        started = true;
        id = message.path("id").asText(id);
        model = message.path("model").asText(model);
        keepUsage(message.path("usage"));
        ObjectNode delta = Json.object().put("role", "assistant").put("content", "");
        sink.chunk(deltaChunk(delta, null));
    }

    private void blockStart(int blockIndex, JsonNode block, ChunkSink sink) {
        switch (block.path("type").asText()) {
            case "tool_use" -> {
                if (block.path("name").asText().equals(answerTool)) {
                    answerBlocks.put(blockIndex, new ToolBlock(-1));
                    return;
                }
                ToolBlock tool = new ToolBlock(toolCalls++);
                toolBlocks.put(blockIndex, tool);
                toolCallIds.add(block.path("id").asText());
                ObjectNode call = Json.object().put("index", tool.index).put("id", block.path("id").asText())
                        .put("type", "function");
                call.putObject("function").put("name", block.path("name").asText()).put("arguments", "");
                sink.chunk(toolDelta(call));
            }
            case "text" -> text(block.path("text").asText(""), sink);
            case "thinking" -> {
                ThinkingBlock thinking = new ThinkingBlock();
                thinking.thinking.append(block.path("thinking").asText(""));
                thinking.signature.append(block.path("signature").asText(""));
                thinkingBlocks.put(blockIndex, thinking);
                reasoning(block.path("thinking").asText(""), sink);
            }
            case "redacted_thinking" -> thinkingDone(AnthropicThinkingBlocks.forClient(block), sink);
            default -> {
                // server tool blocks have no OpenAI counterpart
            }
        }
    }

    private void blockDelta(int blockIndex, JsonNode delta, ChunkSink sink) {
        switch (delta.path("type").asText()) {
            case "text_delta" -> text(delta.path("text").asText(""), sink);
            case "thinking_delta" -> {
                String piece = delta.path("thinking").asText("");
                ThinkingBlock thinking = thinkingBlocks.get(blockIndex);
                if (thinking != null) {
                    thinking.thinking.append(piece);
                }
                reasoning(piece, sink);
            }
            case "signature_delta" -> {
                ThinkingBlock thinking = thinkingBlocks.get(blockIndex);
                if (thinking != null) {
                    thinking.signature.append(delta.path("signature").asText(""));
                }
            }
            case "input_json_delta" -> {
                ToolBlock tool = toolBlocks.get(blockIndex);
                String piece = delta.path("partial_json").asText("");
                ToolBlock answer = answerBlocks.get(blockIndex);
                if (answer != null && !piece.isEmpty()) {
                    answer.sentArguments = true;
                    text(piece, sink);
                }
                if (tool != null && !piece.isEmpty()) {
                    tool.sentArguments = true;
                    sink.chunk(toolDelta(arguments(tool.index, piece)));
                }
            }
            default -> {
                // delta types added later: nothing for the client
            }
        }
    }

    /** A call whose input was empty sent no argument piece: OpenAI clients expect a JSON object, so "{}". */
    private void blockStop(int blockIndex, ChunkSink sink) {
        ThinkingBlock thinking = thinkingBlocks.remove(blockIndex);
        if (thinking != null) {
            thinkingDone(Json.object().put("type", "thinking").put("thinking", thinking.thinking.toString())
                    .put("signature", thinking.signature.toString()), sink);
        }
        ToolBlock answer = answerBlocks.get(blockIndex);
        if (answer != null && !answer.sentArguments) {
            text("{}", sink);
        }
        ToolBlock tool = toolBlocks.get(blockIndex);
        if (tool != null && !tool.sentArguments) {
            tool.sentArguments = true;
            sink.chunk(toolDelta(arguments(tool.index, "{}")));
        }
    }

    private void messageDelta(JsonNode data, ChunkSink sink) {
        keepUsage(data.path("usage"));
        String stopReason = data.path("delta").path("stop_reason").asText(null);
        if (stopReason != null) {
            finished = true;
            sink.chunk(deltaChunk(Json.object(), AnthropicResponseMapper.finishReason(stopReason, toolCalls == 0)));
        }
    }

    /**
     * message_delta's usage is cumulative, input tokens included when Anthropic reports them (after server-side
     * tools, or from Anthropic-compatible upstreams): every field it carries replaces the one seen before.
     */
    private void keepUsage(JsonNode reported) {
        reported.fields().forEachRemaining(field -> {
            if (field.getValue().isNumber()) {
                usage.set(field.getKey(), field.getValue());
            }
        });
    }

    /** A whole thinking block, for the client to send back with its tool calls (thinking_blocks). */
    private void thinkingDone(ObjectNode block, ChunkSink sink) {
        finishedThinking.add(block);
        ObjectNode delta = Json.object();
        delta.putArray(AnthropicThinkingBlocks.FIELD).add(block);
        sink.chunk(deltaChunk(delta, null));
    }

    private void text(String text, ChunkSink sink) {
        if (!text.isEmpty()) {
            sink.chunk(deltaChunk(Json.object().put("content", text), null));
        }
    }

    private void reasoning(String text, ChunkSink sink) {
        if (!text.isEmpty()) {
            sink.chunk(deltaChunk(Json.object().put("reasoning_content", text), null));
        }
    }

    private static ObjectNode arguments(int index, String piece) {
        ObjectNode call = Json.object().put("index", index);
        call.putObject("function").put("arguments", piece);
        return call;
    }

    private String toolDelta(ObjectNode toolCall) {
        ObjectNode delta = Json.object();
        delta.putArray("tool_calls").add(toolCall);
        return deltaChunk(delta, null);
    }

    private String deltaChunk(ObjectNode delta, String finishReason) {
        return ChatCompletionJson.chunk(id, created, model, 0, delta, finishReason);
    }
}

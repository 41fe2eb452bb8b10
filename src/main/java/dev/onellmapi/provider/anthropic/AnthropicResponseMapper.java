package dev.onellmapi.provider.anthropic;

import dev.onellmapi.request.RequestContext;
import dev.onellmapi.wire.UpstreamStream;
import org.apache.camel.Exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.ApiError;
import dev.onellmapi.wire.Json;
import dev.onellmapi.chat.ProviderCall;
import dev.onellmapi.chat.ProviderReply;
import dev.onellmapi.provider.ResponseMapper;
import dev.onellmapi.wire.StreamMapper;

import java.util.ArrayList;
import java.util.List;

/**
 * Anthropic response mapping: a Messages answer → {@code chat.completion} (text blocks → content, thinking blocks
 * → {@code reasoning_content}, tool_use blocks → {@code tool_calls}); streams go to {@link AnthropicStreamMapper};
 * errors to {@link AnthropicErrors}.
 */
public final class AnthropicResponseMapper extends ResponseMapper {
    public AnthropicResponseMapper() {
        super("anthropic");
    }

    @Override
    protected ApiError error(int status, String body, String retryAfter) {
        return AnthropicErrors.fromHttp(status, body, retryAfter);
    }

    /** The Messages door's pass-through: Anthropic's answer as it came (a stream is relayed event by event). */
    @Override
    protected ProviderReply passThrough(Exchange exchange, ProviderCall call, Object body) {
        if (RequestContext.of(exchange).passThrough() == null) {
            return null;
        }
        if (call.chat().stream()) {
            return new ProviderReply.Streaming(call, body instanceof UpstreamStream live ? live
                    : UpstreamStream.of(exchange.getMessage().getBody(byte[].class)),
                    new AnthropicRelay(call.target().upstreamModel()));
        }
        byte[] answer = exchange.getMessage().getBody(byte[].class);
        return new ProviderReply.Complete(call, answer == null ? new byte[0] : answer);
    }

    @Override
    protected ProviderReply.Complete complete(ProviderCall call, byte[] body) {
        JsonNode answer = parseAnswer(body);
        String answerTool = AnthropicStructuredOutput.answerTool(call);
        StringBuilder text = new StringBuilder();
        StringBuilder thinking = new StringBuilder();
        ArrayNode thinkingBlocks = Json.array();
        ArrayNode toolCalls = Json.array();
        for (JsonNode block : answer.path("content")) {
            ObjectNode kept = AnthropicThinkingBlocks.forClient(block);
            if (kept != null) {
                thinkingBlocks.add(kept);
            }
            switch (block.path("type").asText()) {
                case "text" -> text.append(block.path("text").asText());
                case "thinking" -> thinking.append(block.path("thinking").asText());
                case "tool_use" -> {
                    if (block.path("name").asText().equals(answerTool)) {
                        text.append(Json.text(block.path("input"))); // the JSON answer asked as a tool call
                    } else {
                        toolCalls.add(AnthropicToolMapping.toolCall(block));
                    }
                }
                default -> {
                    // redacted_thinking is in thinking_blocks only; server tool blocks have no OpenAI counterpart
                }
            }
        }
        ObjectNode completion = Json.object();
        completion.put("id", answer.path("id").asText());
        completion.put("object", "chat.completion");
        completion.put("created", System.currentTimeMillis() / 1000);
        completion.put("model", answer.path("model").asText(call.target().upstreamModel()));
        ObjectNode choice = completion.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message").put("role", "assistant");
        // OpenAI's content is null, not "", when the model only called tools
        message.put("content", text.length() == 0 && !toolCalls.isEmpty() ? null : text.toString());
        if (thinking.length() > 0) {
            message.put("reasoning_content", thinking.toString());
        }
        if (!thinkingBlocks.isEmpty()) {
            message.set(AnthropicThinkingBlocks.FIELD, thinkingBlocks);
            List<String> ids = new ArrayList<>();
            toolCalls.forEach(c -> ids.add(c.path("id").asText()));
            AnthropicThinkingBlocks.remember(thinkingBlocks, ids);
        }
        if (!toolCalls.isEmpty()) {
            message.set("tool_calls", toolCalls);
        }
        choice.put("finish_reason", finishReason(answer.path("stop_reason").asText(null), toolCalls.isEmpty()));
        completion.set("usage", usage(answer.path("usage")));
        return new ProviderReply.Complete(call, completion);
    }

    @Override
    protected StreamMapper streamMapper(ProviderCall call) {
        return new AnthropicStreamMapper(call);
    }

    /** @param noToolCalls the model called only the answer tool: for the client it answered, it called nothing */
    static String finishReason(String stopReason, boolean noToolCalls) {
        if (stopReason == null) {
            return null;
        }
        return switch (stopReason) {
            case "max_tokens", "model_context_window_exceeded" -> "length";
            case "tool_use" -> noToolCalls ? "stop" : "tool_calls";
            case "refusal" -> "content_filter";
            default -> "stop"; // end_turn, stop_sequence, pause_turn
        };
    }

    /**
     * Anthropic's usage in OpenAI's terms. Anthropic counts cache writes and reads apart from input_tokens; OpenAI's
     * prompt_tokens includes them (cached_tokens = the reads). The writes, which OpenAI has no name for, keep
     * Anthropic's {@code cache_creation_input_tokens} beside them (as LiteLLM does): they are priced apart.
     */
    static ObjectNode usage(JsonNode anthropic) {
        int prompt = anthropic.path("input_tokens").asInt() + anthropic.path("cache_creation_input_tokens").asInt()
                + anthropic.path("cache_read_input_tokens").asInt();
        int cached = anthropic.path("cache_read_input_tokens").asInt();
        int completion = anthropic.path("output_tokens").asInt();
        ObjectNode usage = Json.object();
        usage.put("prompt_tokens", prompt);
        usage.put("completion_tokens", completion);
        usage.put("total_tokens", prompt + completion);
        usage.putObject("prompt_tokens_details").put("cached_tokens", cached);
        if (anthropic.path("cache_creation_input_tokens").asInt() > 0) {
            usage.put("cache_creation_input_tokens", anthropic.path("cache_creation_input_tokens").asInt());
        }
        return usage;
    }
}

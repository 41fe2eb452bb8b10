package dev.onellmapi.provider.anthropic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.provider.UpstreamErrors;
import dev.onellmapi.wire.ChatCompletionJson;
import dev.onellmapi.wire.ChunkSink;
import dev.onellmapi.wire.Json;
import dev.onellmapi.wire.SseEvent;
import dev.onellmapi.wire.StreamMapper;

/**
 * A passed-through Messages request's stream ({@code request.PassThrough}), relayed event by event as Anthropic
 * framed it ({@code event:} and {@code data:} lines, Anthropic's one-line data), each as one "chunk" the Messages door
 * writes as is. At the end one chat-form usage chunk, which the door does not write, tells the gateway's meter the
 * usage (Anthropic's, cache reads included).
 */
final class AnthropicRelay implements StreamMapper {
    private final String model;
    private final ObjectNode usage = Json.object();
    private boolean finished;

    AnthropicRelay(String model) {
        this.model = model;
    }

    @Override
    public boolean onEvent(SseEvent event, ChunkSink sink) {
        String data = event.data();
        if (data.contains("\"message_start\"") || data.contains("\"message_delta\"")) {
            ObjectNode parsed = Json.parseObjectOrNull(data);
            if (parsed != null) {
                (parsed.has("message") ? parsed.path("message").path("usage") : parsed.path("usage")).fields()
                        .forEachRemaining(f -> {
                            if (f.getValue().isNumber()) {
                                usage.set(f.getKey(), f.getValue());
                            }
                        });
            }
        }
        sink.chunk((event.event() == null ? "" : "event: " + event.event() + "\n") + "data: " + data + "\n\n");
        if (data.contains("\"message_stop\"")) {
            finished = true;
            return false;
        }
        return true;
    }

    @Override
    public void onEnd(ChunkSink sink) {
        if (!finished) {
            throw UpstreamErrors.unfinishedStream("anthropic");
        }
        if (!usage.isEmpty()) {
            sink.chunk(ChatCompletionJson.usageChunk("", 0, model, AnthropicResponseMapper.usage(usage)));
        }
    }
}

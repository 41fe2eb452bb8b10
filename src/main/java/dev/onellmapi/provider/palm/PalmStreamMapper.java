package dev.onellmapi.provider.palm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.wire.ApiError;
import dev.onellmapi.wire.Json;
import dev.onellmapi.wire.ChatCompletionJson;
import dev.onellmapi.wire.ChunkSink;
import dev.onellmapi.wire.SseEvent;
import dev.onellmapi.wire.StreamMapper;

/**
 * PaLM stream mapping: PaLM cannot stream, so its one event is the whole answer ({@link PalmAnswerAsEvent}), mapped
 * like a non-streamed one and replayed as the chunks an OpenAI stream has: per choice a role chunk, its content,
 * and a finish chunk (with the {@code refusal} when PaLM filtered the answer).
 */
final class PalmStreamMapper implements StreamMapper {
    private final String model;

    PalmStreamMapper(String model) {
        this.model = model;
    }

    @Override
    public boolean onEvent(SseEvent event, ChunkSink sink) {
        ObjectNode answer = Json.parseObjectOrNull(event.data());
        if (answer == null) {
            throw new ApiError(502, "upstream_error", "bad_answer", null, "palm sent an unreadable answer", null);
        }
        ObjectNode completion = PalmAnswer.toCompletion(model, answer);
        String id = completion.path("id").asText();
        long created = completion.path("created").asLong();
        for (JsonNode choice : completion.path("choices")) {
            int index = choice.path("index").asInt();
            JsonNode message = choice.path("message");
            ObjectNode role = Json.object();
            role.put("role", "assistant");
            role.put("content", "");
            sink.chunk(ChatCompletionJson.chunk(id, created, model, index, role, null));
            if (!message.path("content").asText().isEmpty()) {
                ObjectNode content = Json.object();
                content.set("content", message.get("content"));
                sink.chunk(ChatCompletionJson.chunk(id, created, model, index, content, null));
            }
            ObjectNode end = Json.object();
            if (message.hasNonNull("refusal")) {
                end.set("refusal", message.get("refusal"));
            }
            sink.chunk(ChatCompletionJson.chunk(id, created, model, index, end, choice.path("finish_reason").asText()));
        }
        return false; // the whole answer was this one event
    }
}

package dev.onellmapi.frontdoor.messages;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.onellmapi.wire.Json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A Messages request body as the client sent it, read without building a tree: where its top-level {@code model}
 * string lies and whether it asks for a stream. The pass-through replaces only those bytes of {@code model}: every
 * other byte (thinking signatures, {@code cache_control}, fields the gateway never heard of, the client's spacing)
 * reaches Anthropic as sent.
 *
 * @param model      the {@code model} value
 * @param modelStart the offset of the value's opening quote
 * @param modelEnd   the offset just after its closing quote
 */
public record RawMessagesBody(byte[] bytes, String model, int modelStart, int modelEnd, boolean stream) {

    /** @throws InvalidMessagesRequest when the bytes are not one JSON object with a string {@code model} */
    public static RawMessagesBody read(byte[] bytes) {
        String model = null;
        int start = -1;
        int end = -1;
        boolean stream = false;
        try (JsonParser parser = Json.MAPPER.getFactory().createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidMessagesRequest("body", "the body must be a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("model") && value == JsonToken.VALUE_STRING) {
                    start = (int) parser.currentTokenLocation().getByteOffset();
                    model = parser.getText(); // reads the whole string, so the location below is past its quote
                    end = (int) parser.currentLocation().getByteOffset();
                } else if (name.equals("stream")) {
                    stream = value == JsonToken.VALUE_TRUE;
                }
                parser.skipChildren();
            }
            if (parser.nextToken() != null) {
                throw new InvalidMessagesRequest("body", "the body must be one JSON object and nothing after it");
            }
        } catch (IOException e) {
            throw new InvalidMessagesRequest("body", "the body is not valid JSON");
        }
        if (model == null) {
            throw new InvalidMessagesRequest("model", "Field required (a string)");
        }
        return new RawMessagesBody(bytes, model, start, end, stream);
    }

    /** The body with only {@code model}'s value replaced. */
    public byte[] withModel(String upstreamModel) {
        byte[] value = Json.text(Json.MAPPER.getNodeFactory().textNode(upstreamModel))
                .getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + value.length);
        out.write(bytes, 0, modelStart);
        out.write(value, 0, value.length);
        out.write(bytes, modelEnd, bytes.length - modelEnd);
        return out.toByteArray();
    }
}

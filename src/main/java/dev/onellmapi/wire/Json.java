package dev.onellmapi.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The one shared, thread-safe Jackson mapper: built once, never per request. */
public final class Json {
    /**
     * BigDecimal keeps numbers such as temperature exactly as the client wrote them when we re-serialize. Strings as
     * long as a whole answer may be (UPSTREAM_MAX_RESPONSE_BYTES bounds them before they get here): Jackson's default
     * cap of 20 M characters would fail a long but valid answer.
     */
    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
                    .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    /**
     * A reader that refuses anything after the first value ({@code {...} {...}}, {@code {...} garbage}) and a field
     * given twice (which one counts would differ between the gateway and whoever reads the bytes next).
     */
    private static final ObjectReader WHOLE = MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
            DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private Json() {
    }

    /** Parses bytes that must be one JSON value, no field twice, nothing after it: a client's request. */
    public static JsonNode parseWhole(byte[] bytes) throws IOException {
        return WHOLE.readTree(bytes);
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    public static JsonNode parse(byte[] bytes) throws IOException {
        return MAPPER.readTree(bytes);
    }

    public static JsonNode parse(String text) throws IOException {
        return MAPPER.readTree(text);
    }

    /** Parses text that is expected to be an object; anything else gives null. */
    public static ObjectNode parseObjectOrNull(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            return node instanceof ObjectNode o ? o : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** True when the bytes are one complete JSON object: tokenized only, no tree built (the pass-through's check). */
    public static boolean isWholeObject(byte[] bytes) {
        try (JsonParser parser = MAPPER.getFactory().createParser(bytes)) {
            return isWholeObject(parser);
        } catch (IOException e) {
            return false;
        }
    }

    public static boolean isWholeObject(String text) {
        try (JsonParser parser = MAPPER.getFactory().createParser(text)) {
            return isWholeObject(parser);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * In one pass over {@code bytes}: null unless they are one whole JSON object; else the value of its top-level
     * field {@code name} (parsed alone, the rest only tokenized), or a MissingNode when it has none.
     */
    public static JsonNode fieldOfWholeObject(byte[] bytes, String name) {
        try (JsonParser parser = MAPPER.getFactory().createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonNode value = MissingNode.getInstance();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                boolean wanted = name.equals(parser.currentName());
                parser.nextToken();
                if (wanted) {
                    value = MAPPER.readTree(parser);
                } else {
                    parser.skipChildren();
                }
            }
            return parser.currentToken() == JsonToken.END_OBJECT && parser.nextToken() == null ? value : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean isWholeObject(JsonParser parser) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            return false;
        }
        parser.skipChildren();
        return parser.nextToken() == null;
    }

    public static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}

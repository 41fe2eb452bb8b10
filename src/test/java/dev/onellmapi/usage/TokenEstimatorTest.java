package dev.onellmapi.usage;

import dev.onellmapi.json.Json;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The prompt estimate counts every part of a body a provider bills, not only the messages' text. */
class TokenEstimatorTest {
    private static final String WORDS = "alpha beta gamma delta epsilon zeta eta theta iota kappa ".repeat(20);
    private static final int BARE = prompt((
            "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"));

    private static int prompt(String body) {
        try {
            return TokenEstimator.prompt(Json.parse(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int extra(String fields) {
        return prompt(("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]," + fields
                + "}")) - BARE;
    }

    @Test
    void definitionsBesideTheMessagesCount() {
        String function = "{\"name\":\"f\",\"description\":\"" + WORDS + "\",\"parameters\":{}}";
        assertTrue(extra("\"functions\":[" + function + "]") >= 200, "functions");
        assertTrue(extra("\"tools\":[{\"type\":\"function\",\"function\":" + function + "}]") >= 200, "tools");
        assertTrue(extra("\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"s\","
                + "\"schema\":{\"description\":\"" + WORDS + "\"}}}") >= 200, "response_format");
    }

    @Test
    void nonTextPartsAndLegacyFunctionCallsCount() {
        int image = prompt(("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":"
                + "\"text\",\"text\":\"Hi\"},{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,AA\"}}]}]}"));
        assertTrue(image - BARE >= TokenEstimator.NON_TEXT_PART, "an image part");
        int call = prompt(("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},"
                + "{\"role\":\"assistant\",\"content\":null,\"function_call\":{\"name\":\"f\",\"arguments\":\""
                + WORDS + "\"}}]}"));
        assertTrue(call - BARE >= 200, "a legacy function_call");
    }
}

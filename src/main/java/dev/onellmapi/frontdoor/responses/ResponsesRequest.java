package dev.onellmapi.frontdoor.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the door itself needs of a {@code POST /v1/responses} body, checked the same for every provider: the model
 * (one), whether it streams, whether it is stored, the response it continues. The rest is the provider's (passed
 * through) or {@link ResponsesRequestMapper}'s (translated).
 */
public record ResponsesRequest(ObjectNode body, String model, boolean stream, boolean store,
                               String previousResponseId) {

    public static ResponsesRequest of(ObjectNode body) {
        JsonNode model = body.get("model");
        if (model == null || model.isNull()) {
            throw InvalidResponsesRequest.missing("model");
        }
        if (!model.isTextual() || model.asText().isBlank()) {
            throw InvalidResponsesRequest.type("model", "a non-empty string");
        }
        if (model.asText().contains(",")) {
            throw InvalidResponsesRequest.unsupported("model", "Several models in one request are a Chat "
                    + "Completions feature of this gateway (POST /v1/chat/completions); /v1/responses takes one "
                    + "model.");
        }
        return new ResponsesRequest(body, model.asText(), bool(body, "stream", false), bool(body, "store", true),
                text(body, "previous_response_id"));
    }

    /** Whether the client asked for reasoning summaries ({@code reasoning.summary}, or the older generate_summary). */
    public boolean showsReasoning() {
        JsonNode reasoning = body.path("reasoning");
        return isSet(reasoning.get("summary")) || isSet(reasoning.get("generate_summary"));
    }

    private static boolean isSet(JsonNode value) {
        return value != null && value.isTextual() && !value.asText().equals("none");
    }

    private static boolean bool(ObjectNode body, String field, boolean absent) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return absent;
        }
        if (!value.isBoolean()) {
            throw InvalidResponsesRequest.type(field, "a boolean");
        }
        return value.asBoolean();
    }

    private static String text(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw InvalidResponsesRequest.type(field, "a non-empty string");
        }
        return value.asText();
    }
}

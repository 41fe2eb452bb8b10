package dev.onellmapi.frontdoor.messages;

/**
 * A Messages request the gateway refuses before anything is sent (400 {@code invalid_request_error}): malformed, or
 * asking what the model's provider cannot do. The message names the field by its path in the client's request
 * ({@code messages[2].content[0].source.type}), as Anthropic's own errors do.
 */
public final class InvalidMessagesRequest extends RuntimeException {
    private final String field;

    public InvalidMessagesRequest(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}

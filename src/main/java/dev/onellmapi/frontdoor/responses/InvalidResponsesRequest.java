package dev.onellmapi.frontdoor.responses;

/**
 * A Responses request the gateway refuses with a 400 before anything is sent: what it names ({@code param}, in the
 * Responses API's own terms) would change the answer and the model's provider cannot do it, or it is malformed.
 */
public final class InvalidResponsesRequest extends RuntimeException {
    private final String code;
    private final String param;

    InvalidResponsesRequest(String code, String param, String message) {
        super(message, null, false, false);
        this.code = code;
        this.param = param;
    }

    static InvalidResponsesRequest unsupported(String param, String message) {
        return new InvalidResponsesRequest("unsupported_parameter", param, message);
    }

    static InvalidResponsesRequest invalid(String param, String message) {
        return new InvalidResponsesRequest("invalid_value", param, message);
    }

    static InvalidResponsesRequest type(String param, String expected) {
        return new InvalidResponsesRequest("invalid_type", param, "Invalid type for '" + param + "': expected "
                + expected + ".");
    }

    static InvalidResponsesRequest missing(String param) {
        return new InvalidResponsesRequest("missing_required_parameter", param, "Missing required parameter: '"
                + param + "'.");
    }

    public String code() {
        return code;
    }

    public String param() {
        return param;
    }
}

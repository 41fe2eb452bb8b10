package dev.onellmapi.request;

/**
 * Who calls from a route, for the gateway's steps: the virtual key the Kamelet was given (null: a master caller,
 * recorded as {@code route:<route id>}), the calling route's id, and where a streamed answer goes (null: a whole
 * answer).
 */
public record RouteCaller(String key, String routeId, AnswerStream stream) {
    /** The ledger's key_id of a master caller: {@code route:<route id>}. */
    public String masterKeyId() {
        return "route:" + (routeId == null ? "unknown" : routeId);
    }
}

package dev.onellmapi.frontdoor.route;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.OneLlmApiException;
import dev.onellmapi.wire.ApiError;
import dev.onellmapi.frontdoor.chat.ErrorResponder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A failure inside the gateway as the route sees it: the error an HTTP client would have got (status, OpenAI type and
 * code, Retry-After), as a {@link OneLlmApiException}. A failure of the gateway's own is a 500 whose details go to the
 * log, as for HTTP clients.
 */
final class RouteErrors {
    private static final Logger LOG = LoggerFactory.getLogger(RouteErrors.class);

    private RouteErrors() {
    }

    static OneLlmApiException of(Throwable failure, String routeId) {
        if (failure instanceof OneLlmApiException ready) {
            return ready;
        }
        ApiError error = failure instanceof ApiError api ? api : null;
        if (error == null) {
            LOG.error("A model call from route {} failed inside the gateway: {}", routeId, failure.toString(),
                    failure);
            error = ErrorResponder.internalError();
        }
        ObjectNode body = error.body(); // the message with the gateway's secrets taken out
        return new OneLlmApiException(error.status(), body.path("type").asText(null), error.code(),
                body.path("param").asText(null), body.path("message").asText(), retryAfter(error.retryAfter()));
    }

    private static Integer retryAfter(String header) {
        if (header == null) {
            return null;
        }
        try {
            return Integer.valueOf(header.trim());
        } catch (NumberFormatException httpDate) {
            return null; // providers send seconds; an HTTP date is not worth a route's arithmetic
        }
    }
}

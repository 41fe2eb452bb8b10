package dev.onellmapi.provider;

import dev.onellmapi.request.RequestContext;
import dev.onellmapi.chat.ProviderCall;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onellmapi.model.ProviderInstance;
import org.apache.camel.Exchange;

import java.util.Map;

/**
 * What one configured provider wants different from the client's request ({@code gateway.providers.<name>.drop-params}
 * and {@code .default-max-tokens}), and the URL and headers of the provider's instance with the key chosen for this
 * call. The client's body is never changed (it is shared between the models of a request): a copy is made only when
 * something must go.
 */
public final class ProviderOverrides {
    private ProviderOverrides() {
    }

    /** The request as this provider should get it: the client's own body when nothing is to change. */
    public static ObjectNode body(ProviderCall call) {
        ObjectNode body = call.chat().body();
        ProviderInstance instance = call.target().instance();
        if (!changes(instance, body)) {
            return body;
        }
        ObjectNode copy = body.deepCopy();
        apply(instance, copy);
        return copy;
    }

    /** Whether {@link #apply} would change {@code body}. */
    public static boolean changes(ProviderInstance instance, ObjectNode body) {
        if (instance.defaultMaxTokens() > 0 && !body.hasNonNull("max_tokens")
                && !body.hasNonNull("max_completion_tokens")) {
            return true;
        }
        for (String param : instance.dropParams()) {
            if (body.has(param)) {
                return true;
            }
        }
        return false;
    }

    /** Drops the parameters the provider rejects and sets its default max_tokens, on a copy of the request. */
    public static void apply(ProviderInstance instance, ObjectNode copy) {
        instance.dropParams().forEach(copy::remove);
        if (instance.defaultMaxTokens() > 0 && !copy.hasNonNull("max_tokens")
                && !copy.hasNonNull("max_completion_tokens")) {
            copy.put("max_tokens", instance.defaultMaxTokens());
        }
    }

    /** The base URL of the call's provider (built-in or configured: the one place that decides it). */
    public static String base(ProviderCall call) {
        return call.target().instance().base();
    }

    /** The headers of the provider's key chosen for this call: its type's auth header and its extra headers. */
    public static Map<String, String> headers(Exchange exchange, ProviderCall call) {
        ProviderInstance instance = call.target().instance();
        return instance.headers(RequestContext.of(exchange).keyPosition());
    }
}

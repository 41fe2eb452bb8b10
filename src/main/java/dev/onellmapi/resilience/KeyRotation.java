package dev.onellmapi.resilience;

import dev.onellmapi.model.ProviderInstance;
import dev.onellmapi.provider.ProviderCall;
import dev.onellmapi.provider.ProviderReply;
import org.apache.camel.Exchange;

/**
 * The loop of routes/chat-completions.yaml's {@code provider-attempt} route around one call: a provider that refuses
 * the key (401/403) is called again at once with its next key (the refused one was set aside by
 * {@link CircuitBreakers#recordReply}), within the same attempt, not as a retry; when every key was refused, the
 * last refusal (the provider's 401) is the answer. A provider with one key goes round once.
 */
public final class KeyRotation {
    private static final String CALL = "oneLlmApi.keyRotationCall";
    private static final String TRIED = "oneLlmApi.keysTried";

    /** The loop's condition (it only reads): the first turn, then after a refused key while another is left. */
    public boolean another(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (body instanceof ProviderCall) {
            return true;
        }
        if (!(body instanceof ProviderReply.Failed failed)) {
            return false;
        }
        int status = status(exchange, failed);
        ProviderCall call = exchange.getProperty(CALL, ProviderCall.class);
        ProviderInstance instance = call == null ? null : call.target().instance();
        return (status == 401 || status == 403) && instance != null && call.target().azureResource() == null
                && exchange.getProperty(TRIED, 1, Integer.class) < instance.keys().size();
    }

    /** The call of this turn: the same one each time (the key is chosen by the circuit breakers). */
    public ProviderCall next(Exchange exchange) {
        if (exchange.getMessage().getBody() instanceof ProviderCall call) {
            exchange.setProperty(CALL, call);
            exchange.setProperty(TRIED, 1);
            return call;
        }
        exchange.setProperty(TRIED, exchange.getProperty(TRIED, 1, Integer.class) + 1);
        return exchange.getProperty(CALL, ProviderCall.class);
    }

    /** The provider's own status of a failed call (before any mapping), else the error's. */
    static int status(Exchange exchange, ProviderReply.Failed failed) {
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        return status == null ? failed.error().status() : status;
    }
}

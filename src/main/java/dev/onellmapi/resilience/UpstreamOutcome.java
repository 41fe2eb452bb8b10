package dev.onellmapi.resilience;

import dev.onellmapi.chat.ProviderReply;
import org.apache.camel.Exchange;

/**
 * What one provider call came to, read from the provider route's reply and the status camel-http left in
 * {@code CamelHttpResponseCode}: the provider's own status, before the design's mapping (5xx to 502, 529 to 503).
 */
enum UpstreamOutcome {
    /** An answer, or a refusal that is the request's fault (4xx): the provider is up. */
    ANSWERED,
    /** 429: the provider is up but will not take more now; worth a retry, not a breaker failure. */
    RATE_LIMITED,
    /** 500, 502, 503, 529: worth a retry, and a failure for the circuit breaker. */
    UNAVAILABLE,
    /** Any other 5xx: a failure for the circuit breaker, not retried. */
    FAILED;

    static UpstreamOutcome of(Exchange exchange) {
        if (!(exchange.getMessage().getBody() instanceof ProviderReply.Failed failed)) {
            return ANSWERED;
        }
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        int code = status == null ? failed.error().status() : status;
        if (code == 429) {
            return RATE_LIMITED;
        }
        if (code == 500 || code == 502 || code == 503 || code == 529) {
            return UNAVAILABLE;
        }
        return code >= 500 ? FAILED : ANSWERED;
    }
}

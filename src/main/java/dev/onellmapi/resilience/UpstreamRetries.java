package dev.onellmapi.resilience;

import dev.onellmapi.config.GatewayConfig;
import dev.onellmapi.provider.ProviderReply;
import dev.onellmapi.streaming.ClientStream;
import org.apache.camel.Exchange;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.NoHttpResponseException;

import java.net.ConnectException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Decides the retries of routes/chat-completions.yaml's {@code provider-attempt} route, whose error handler
 * (Camel redelivery: exponential back-off with jitter) sends a failed provider call again. A call is retried when
 * it could not connect, or when the provider answered 429, 500, 502, 503 or 529; never once the client has been
 * sent a chunk, which cannot happen here: the provider call returns before its stream is relayed.
 */
public final class UpstreamRetries {
    private final int retries;
    private final long retryAfterMaxMillis;

    public UpstreamRetries(GatewayConfig config) {
        this.retries = config.upstreamRetries();
        this.retryAfterMaxMillis = config.retryAfterMaxSeconds() * 1000L;
    }

    /** After the provider route: an answer worth another attempt is thrown for the error handler. */
    public void raiseIfRetryable(Exchange exchange) {
        UpstreamOutcome outcome = UpstreamOutcome.of(exchange);
        if (outcome == UpstreamOutcome.RATE_LIMITED || outcome == UpstreamOutcome.UNAVAILABLE) {
            throw new RetryableUpstreamFailure(exchange.getMessage().getBody(ProviderReply.Failed.class),
                    retryAfterMillis(exchange));
        }
    }

    /**
     * The error handler's {@code retryWhile}. A provider's Retry-After replaces the back-off delay; one longer than
     * UPSTREAM_RETRY_AFTER_MAX_SECONDS is not waited out: the 429 goes on (to a fallback, or to the client).
     */
    public boolean shouldRetry(Exchange exchange) {
        int failures = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
        ClientStream client = exchange.getProperty(ClientStream.PROPERTY, ClientStream.class);
        if (failures > retries || (client != null && client.isClosed())) {
            return false;
        }
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class); // moved there by then
        if (cause instanceof RetryableUpstreamFailure failure) {
            long wait = failure.retryAfterMillis();
            if (wait > retryAfterMaxMillis) {
                return false;
            }
            if (wait >= 0) {
                exchange.getMessage().setHeader(Exchange.REDELIVERY_DELAY, wait);
            }
            return true;
        }
        return couldNotConnect(cause);
    }

    /** Failures where the provider never saw the request, or dropped a pooled connection before answering. */
    private static boolean couldNotConnect(Throwable cause) {
        for (Throwable c = cause; c != null; c = c.getCause()) {
            if (c instanceof ConnectException || c instanceof ConnectTimeoutException
                    || c instanceof NoHttpResponseException) {
                return true;
            }
        }
        return false;
    }

    /** OpenAI's {@code retry-after-ms}, else {@code Retry-After} in seconds or as an HTTP date; -1 when absent. */
    static long retryAfterMillis(Exchange exchange) {
        String millis = exchange.getMessage().getHeader("retry-after-ms", String.class);
        String value = exchange.getMessage().getHeader("Retry-After", String.class);
        try {
            if (millis != null) {
                return Math.max(0, (long) Double.parseDouble(millis.trim()));
            }
            if (value == null || value.isBlank()) {
                return -1;
            }
            String v = value.trim();
            if (v.chars().allMatch(Character::isDigit)) {
                return Long.parseLong(v) * 1000L;
            }
            ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
            return Math.max(0, Duration.between(ZonedDateTime.now(at.getZone()), at).toMillis());
        } catch (NumberFormatException | DateTimeParseException unreadable) {
            return -1; // an unreadable hint: the back-off applies
        }
    }
}

package dev.onellmapi.resilience;

import dev.onellmapi.chat.ProviderCall;
import dev.onellmapi.request.RequestContext;
import dev.onellmapi.settings.GatewayConfig;
import dev.onellmapi.observe.GenAiMetrics;
import dev.onellmapi.wire.ApiError;
import dev.onellmapi.chat.ProviderReply;
import dev.onellmapi.request.AnswerStream;
import io.vertx.core.http.HttpClosedException;
import org.apache.camel.Exchange;

import java.net.ConnectException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Decides the retries of routes/chat-completions.yaml's {@code provider-attempt} route, whose error handler (Camel
 * redelivery) sends a failed provider call again after the delay set here: exponential back-off with jitter, or the
 * provider's Retry-After. A call is retried when it could not connect, or when the provider answered 429, 500, 502,
 * 503 or 529; never once the client has been sent a chunk, which cannot happen here: the provider call returns before
 * its stream is relayed. The count is kept in the request's context, because the provider routes replace the
 * message headers in which Camel keeps its own.
 */
public final class UpstreamRetries {
    private final int retries;
    private final long delayMillis;
    private final long retryAfterMaxMillis;
    private final GenAiMetrics metrics;

    public UpstreamRetries(GatewayConfig config, GenAiMetrics metrics) {
        this.metrics = metrics;
        this.retries = config.upstreamRetries();
        this.delayMillis = config.retryDelayMillis();
        this.retryAfterMaxMillis = config.retryAfterMaxSeconds() * 1000L;
    }

    /** Before a model's first attempt (redelivery repeats only the failed call, not this). */
    public void begin(Exchange exchange) {
        RequestContext.of(exchange).retries(0);
    }

    /** After the provider route: an answer worth another attempt is thrown for the error handler. */
    public void raiseIfRetryable(Exchange exchange) {
        UpstreamOutcome outcome = UpstreamOutcome.of(exchange);
        if (outcome == UpstreamOutcome.RATE_LIMITED || outcome == UpstreamOutcome.UNAVAILABLE) {
            ProviderReply.Failed failed = exchange.getMessage().getBody(ProviderReply.Failed.class);
            long wait = retryAfterMillis(exchange);
            throw new RetryableUpstreamFailure(failed, wait >= 0 ? wait : retryAfterMillis(failed.error()));
        }
    }

    /**
     * The wait a provider gave only in its error body (Google's {@code RetryInfo.retryDelay}), which the provider's
     * error mapping put in the error's Retry-After; -1 when there is none.
     */
    private static long retryAfterMillis(ApiError error) {
        String seconds = error.retryAfter();
        boolean readable = seconds != null && !seconds.isEmpty() && seconds.length() <= 9
                && seconds.chars().allMatch(Character::isDigit);
        return readable ? Long.parseLong(seconds) * 1000L : -1;
    }

    /**
     * The error handler's {@code retryWhile}; sets the delay before the retry. A provider's Retry-After replaces the
     * back-off; one longer than UPSTREAM_RETRY_AFTER_MAX_SECONDS is not waited out: the 429 goes on (to a fallback,
     * or to the client).
     */
    public boolean shouldRetry(Exchange exchange) {
        RequestContext context = RequestContext.of(exchange);
        int done = context.retries();
        AnswerStream client = context.clientStream();
        if (done >= retries || (client != null && client.isClosed())) {
            return false;
        }
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class); // moved there by then
        long delay;
        if (cause instanceof RetryableUpstreamFailure failure && failure.retryAfterMillis() >= 0) {
            delay = failure.retryAfterMillis();
            if (delay > retryAfterMaxMillis) {
                return false;
            }
        } else if (cause instanceof RetryableUpstreamFailure || couldNotConnect(cause)) {
            delay = backOff(done);
        } else {
            return false;
        }
        context.retries(done + 1);
        exchange.getMessage().setHeader(Exchange.REDELIVERY_DELAY, delay);
        ProviderCall call = context.providerCall();
        metrics.retried(call == null ? "provider" : call.getProvider());
        return true;
    }

    /** UPSTREAM_RETRY_DELAY_MS doubled for each retry already made, then between half and one and a half of that. */
    private long backOff(int done) {
        long exponential = delayMillis << Math.min(done, 16);
        return (long) (exponential * (0.5 + ThreadLocalRandom.current().nextDouble()));
    }

    /**
     * Failures where the provider never saw the request (connect refused or timed out), or dropped a pooled
     * connection before answering (Vert.x's HttpClosedException as the call's own failure; one wrapped as the cause of
     * an answer that broke off midway is not retried).
     */
    private static boolean couldNotConnect(Throwable cause) {
        if (cause instanceof HttpClosedException) {
            return true;
        }
        for (Throwable c = cause; c != null; c = c.getCause()) {
            if (c instanceof ConnectException) {
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

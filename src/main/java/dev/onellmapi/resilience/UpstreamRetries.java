package dev.onellmapi.resilience;

import dev.onellmapi.chat.ProviderCall;
import dev.onellmapi.request.RequestContext;
import dev.onellmapi.settings.GatewayConfig;
import dev.onellmapi.observe.GenAiMetrics;
import dev.onellmapi.wire.ApiError;
import dev.onellmapi.chat.ProviderReply;
import dev.onellmapi.request.AnswerStream;
import dev.onellmapi.wire.LogText;
import io.vertx.core.http.HttpClosedException;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Decides the retries of routes/chat-completions.yaml's provider router: after an attempt that could not connect, or
 * whose provider answered 429, 500, 502, 503 or 529, the loop's next turn calls the same model again after the delay
 * set here: exponential back-off with jitter, or the provider's Retry-After. Never once the client has been sent a
 * chunk, which cannot happen here: the provider call returns before its stream is relayed. A turn of the loop, not
 * Camel redelivery: redelivery copies the whole exchange before every attempt, in case it has to start again.
 */
public final class UpstreamRetries {
    /** The exchange property the loop's {@code delay} step waits out before a retry; absent otherwise. */
    public static final String RETRY_DELAY = "retryDelay";
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamRetries.class);

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

    /**
     * After each attempt: sets {@link #RETRY_DELAY} when another attempt is due, removes it otherwise. The attempt's
     * exception, if it threw (its failure answer is then upstreamFailure's), is taken from the exchange here, so that
     * the next attempt starts without it. A provider's Retry-After replaces the back-off; one longer than
     * UPSTREAM_RETRY_AFTER_MAX_SECONDS is not waited out: the 429 goes on (to a fallback, or to the client).
     */
    public void decide(Exchange exchange) {
        Throwable cause = (Throwable) exchange.removeProperty(ExchangePropertyKey.EXCEPTION_CAUGHT);
        if (!(exchange.getMessage().getBody() instanceof ProviderReply.Failed failed)
                || (cause == null && !retryableAnswer(exchange))) {
            // an answer, or the provider's refusal of the request itself: nothing another attempt would change
            exchange.removeProperty(RETRY_DELAY);
            return;
        }
        RequestContext context = RequestContext.of(exchange);
        long delay = delay(exchange, context, failed, cause);
        if (delay < 0) {
            exchange.removeProperty(RETRY_DELAY);
            // INFO: a provider's failure is routine for the gateway (the client has its answer); status and code
            // only, never the provider's text
            LOG.info("Request {}: {} failed (HTTP {}, {})", context.requestId(),
                    failed.call() == null ? "provider" : failed.call().getProvider(), failed.error().status(),
                    LogText.cap(failed.error().code()));
            return;
        }
        context.retries(context.retries() + 1);
        exchange.setProperty(RETRY_DELAY, delay);
        ProviderCall call = context.providerCall();
        metrics.retried(call == null ? "provider" : call.getProvider());
    }

    /** The wait before another attempt, or -1 when there is none to make. */
    private long delay(Exchange exchange, RequestContext context, ProviderReply.Failed failed, Throwable cause) {
        int done = context.retries();
        AnswerStream client = context.clientStream();
        if (done >= retries || (client != null && client.isClosed())) {
            return -1;
        }
        if (cause == null) {
            long wait = retryAfterMillis(exchange);
            wait = wait >= 0 ? wait : retryAfterMillis(failed.error());
            if (wait >= 0) {
                return wait > retryAfterMaxMillis ? -1 : wait;
            }
            return backOff(done);
        }
        return couldNotConnect(cause) ? backOff(done) : -1;
    }

    private static boolean retryableAnswer(Exchange exchange) {
        UpstreamOutcome outcome = UpstreamOutcome.of(exchange);
        return outcome == UpstreamOutcome.RATE_LIMITED || outcome == UpstreamOutcome.UNAVAILABLE;
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

package dev.onellmapi.resilience;

import dev.onellmapi.request.RequestContext;
import dev.onellmapi.wire.ApiError;
import dev.onellmapi.chat.ProviderCall;
import dev.onellmapi.chat.ProviderReply;
import org.apache.camel.Exchange;
import dev.onellmapi.wire.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;

/**
 * Turns what ended a provider call's attempts into a {@link ProviderReply.Failed}: the provider's own failure answer
 * when it was one worth retrying, 504 for a timeout, 502 for an unreachable host or a broken connection; an
 * {@link ApiError} raised on the way (a parameter the provider cannot take, an open circuit breaker) is kept as it
 * is. Called by the retry route's error handler once retries are over, so one model failing never ends the other
 * models of a request.
 */
public final class UpstreamFailure {
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamFailure.class);

    public ProviderReply toReply(Exchange exchange) {
        ProviderReply.Failed failed = failed(exchange);
        // INFO: a provider's failure is routine for the gateway (the client has its answer); status and code only,
        // never the provider's text
        LOG.info("Request {}: {} failed (HTTP {}, {})", RequestContext.of(exchange).requestId(),
                failed.call() == null ? "provider" : failed.call().getProvider(), failed.error().status(),
                LogText.cap(failed.error().code()));
        return failed;
    }

    private static ProviderReply.Failed failed(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (cause instanceof RetryableUpstreamFailure answered) {
            return answered.reply();
        }
        ProviderCall call = RequestContext.of(exchange).providerCall();
        if (call == null) {
            call = exchange.getMessage().getBody(ProviderCall.class); // the request mapper itself refused it
        }
        String provider = call == null ? "provider" : call.getProvider();
        ApiError error;
        if (cause instanceof ApiError api) {
            error = api;
        } else if (isTimeout(cause)) {
            error = new ApiError(504, "timeout", "upstream_timeout", null,
                    provider + " did not answer in time", null);
        } else {
            error = new ApiError(502, "upstream_error", "upstream_unreachable", null,
                    provider + " could not be reached: " + describe(cause), null);
        }
        return new ProviderReply.Failed(call, error);
    }

    private static boolean isTimeout(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SocketTimeoutException || c instanceof HttpTimeoutException
                    || c.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
        }
        return false;
    }

    /** The exception's class and message only: never a URL with a key in it, never a stack trace for the client. */
    private static String describe(Throwable t) {
        return t == null ? "unknown error" : t.getClass().getSimpleName();
    }
}

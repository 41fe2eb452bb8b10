package dev.onellmapi.resilience;

import dev.onellmapi.request.RequestContext;
import dev.onellmapi.wire.ApiError;
import dev.onellmapi.chat.ProviderCall;
import dev.onellmapi.chat.ProviderReply;
import org.apache.camel.Exchange;

import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;

/**
 * Turns what a provider call threw into a {@link ProviderReply.Failed}: 504 for a timeout, 502 for an unreachable
 * host or a broken connection; an {@link ApiError} raised on the way (a parameter the provider cannot take, an open
 * circuit breaker) is kept as it is. The provider router's {@code doCatch} step, so one model failing never ends the
 * other models of a request; whether the model is called again is upstreamRetries' to decide, next.
 */
public final class UpstreamFailure {
    public ProviderReply toReply(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
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

package dev.onellmapi.provider;

import dev.onellmapi.http.ApiError;
import org.apache.camel.Exchange;

import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;

/**
 * Turns an exception from a provider call (unreachable host, timeout, broken connection) into a
 * {@link ProviderReply.Failed}: 504 for a timeout, 502 otherwise; an {@link ApiError} a request mapper raised (a
 * parameter the provider cannot take) is kept as it is. Called by the provider router's doCatch, so one model failing
 * this way never ends the other models of a request.
 */
public final class UpstreamFailure {
    public ProviderReply toReply(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        ProviderCall call = exchange.getProperty(ProviderCall.PROPERTY, ProviderCall.class);
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

    static boolean isTimeout(Throwable t) {
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

package dev.onellmapi.resilience;

import dev.onellmapi.chat.ProviderReply;

/**
 * A provider answer worth another attempt (429, 500, 502, 503, 529), thrown so that the retry route's error handler
 * (Camel redelivery) sends the call again. Carries the answer itself, which the client gets if every attempt fails,
 * and the provider's Retry-After in milliseconds, or -1 when it gave none.
 */
public final class RetryableUpstreamFailure extends RuntimeException {
    private final transient ProviderReply.Failed reply;
    private final long retryAfterMillis;

    RetryableUpstreamFailure(ProviderReply.Failed reply, long retryAfterMillis) {
        super(reply.error().getMessage(), null, false, false); // no stack trace: it is an expected outcome
        this.reply = reply;
        this.retryAfterMillis = retryAfterMillis;
    }

    public ProviderReply.Failed reply() {
        return reply;
    }

    long retryAfterMillis() {
        return retryAfterMillis;
    }
}

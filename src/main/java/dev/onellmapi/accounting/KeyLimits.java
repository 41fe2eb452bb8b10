package dev.onellmapi.accounting;

import dev.onellmapi.limits.RateCounters;
import dev.onellmapi.limits.RateDecision;
import dev.onellmapi.limits.RateLimitHeaders;
import dev.onellmapi.limits.RateReservation;
import dev.onellmapi.limits.SpendCounters;
import com.fasterxml.jackson.databind.JsonNode;
import dev.onellmapi.wire.ApiError;
import dev.onellmapi.chat.ChatRequest;
import dev.onellmapi.wire.RequestIds;
import dev.onellmapi.keys.VirtualKey;
import dev.onellmapi.model.ModelTarget;
import dev.onellmapi.usage.RequestUsage;
import dev.onellmapi.usage.TokenEstimator;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import org.apache.camel.support.AsyncProcessorSupport;

import java.math.BigDecimal;
import java.util.function.Consumer;

/**
 * The chat route's admission step, after the request is read: opens the request's accounting (under its
 * {@code x-request-id}) and,
 * for a virtual key, checks its models (403 {@code model_not_allowed}), its budget (429 {@code insufficient_quota})
 * and its rate limits (429 {@code rate_limit_exceeded}, with the {@code x-ratelimit-*} headers on every answer).
 * Everything it reads is in memory; only the shared counters of {@link RedisRateCounters} answer asynchronously, and
 * the route then goes on on the event loop it was on.
 */
public final class KeyLimits extends AsyncProcessorSupport {
    private final SpendCounters spend;
    private final RateCounters counters;
    private final int reserveCompletionTokens;

    public KeyLimits(SpendCounters spend, RateCounters counters, int reserveCompletionTokens) {
        this.spend = spend;
        this.counters = counters;
        this.reserveCompletionTokens = reserveCompletionTokens;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        ChatRequest chat = exchange.getProperty(ChatRequest.PROPERTY, ChatRequest.class);
        VirtualKey key = exchange.getProperty(VirtualKey.PROPERTY, VirtualKey.class);
        RequestUsage usage = new RequestUsage(RequestIds.of(exchange), System.nanoTime(), key, chat.targets().size());
        exchange.setProperty(RequestUsage.PROPERTY, usage);
        MultiMap headers = exchange.getMessage() instanceof HttpMessage http ? http.getResponse().headers() : null;
        if (key == null) {
            callback.done(true);
            return true;
        }
        ApiError refused = null;
        try {
            checkModels(key, chat);
            checkBudget(key);
        } catch (ApiError refusal) {
            refused = refusal;
        }
        if (!key.hasRateLimits()) {
            if (refused != null) {
                exchange.setException(refused);
            }
            callback.done(true);
            return true;
        }
        long minute = System.currentTimeMillis() / 60_000;
        if (refused != null) { // not counted, but answered with the minute's headers like every answer to this key
            ApiError refusal = refused;
            return decide(exchange, callback, then -> counters.read(key.id(), minute, then), decision -> {
                if (headers != null) {
                    RateLimitHeaders.put(headers, key, decision, resetMillis(minute));
                }
                exchange.setException(refusal);
            });
        }
        long prompt = key.tpmLimit() == null ? 0 : TokenEstimator.prompt(chat.body());
        long reserved = key.tpmLimit() == null ? 0 : (prompt + completionAllowance(chat.body())) * chat.targets().size();
        long promptTokens = prompt * chat.targets().size();
        return decide(exchange, callback, then -> counters.reserve(key.id(), minute, key.rpmLimit(), key.tpmLimit(),
                promptTokens, reserved, then), decision -> {
                    if (decision.allowed()) {
                        usage.reservation(new RateReservation(key.id(), minute, reserved));
                    }
                    long resetMillis = resetMillis(minute);
                    if (headers != null) {
                        RateLimitHeaders.put(headers, key, decision, resetMillis);
                    }
                    if (!decision.allowed()) {
                        exchange.setException(refusal(key, decision, resetMillis));
                    }
                });
    }

    private static long resetMillis(long minute) {
        return (minute + 1) * 60_000 - System.currentTimeMillis();
    }

    /**
     * Asks the counters, then applies their decision on the event loop the route was on; the route goes on at once
     * when the counters answered at once (in this process), or when the shared counters answer.
     */
    private static boolean decide(Exchange exchange, AsyncCallback callback,
                                  Consumer<Consumer<RateDecision>> ask, Consumer<RateDecision> apply) {
        Context context = Vertx.currentContext();
        boolean[] sync = {true};
        boolean[] finished = {false};
        ask.accept(decision -> {
            synchronized (finished) {
                if (sync[0]) {
                    apply.accept(decision);
                    finished[0] = true;
                    return;
                }
            }
            if (context != null) {
                context.runOnContext(v -> {
                    apply.accept(decision);
                    callback.done(false);
                });
            } else {
                apply.accept(decision);
                callback.done(false);
            }
        });
        synchronized (finished) {
            sync[0] = false;
            if (finished[0]) {
                callback.done(true);
                return true;
            }
        }
        return false;
    }

    private static void checkModels(VirtualKey key, ChatRequest chat) {
        for (ModelTarget target : chat.targets()) {
            if (!key.allows(target.requested())) {
                throw new ApiError(403, "invalid_request_error", "model_not_allowed", "model", "This key may not use "
                        + "the model '" + target.requested() + "' (its models: " + key.models() + ").", null);
            }
        }
    }

    private void checkBudget(VirtualKey key) {
        BigDecimal max = key.maxBudgetUsd();
        if (max != null && spend.spent(key.id()).compareTo(max) >= 0) {
            throw new ApiError(429, "insufficient_quota", "insufficient_quota", null, "You exceeded your current "
                    + "quota: this key's budget of $" + max.toPlainString() + " for the " + key.budgetPeriod().id()
                    + " period is spent.", null);
        }
    }

    private static ApiError refusal(VirtualKey key, RateDecision decision, long resetMillis) {
        boolean requests = "requests".equals(decision.refusedBy());
        long seconds = Math.max(1, (resetMillis + 999) / 1000);
        String what = requests ? "requests per min (RPM): Limit " + key.rpmLimit() + ", Used " + decision.requests()
                : "tokens per min (TPM): Limit " + key.tpmLimit() + ", Used " + decision.tokens();
        return new ApiError(429, requests ? "requests" : "tokens", "rate_limit_exceeded", null,
                "Rate limit reached for key " + key.id() + " on " + what + ". Please try again in " + seconds + "s.",
                String.valueOf(seconds));
    }

    /** max_completion_tokens or max_tokens, else TPM_RESERVE_COMPLETION_TOKENS. */
    private long completionAllowance(JsonNode body) {
        JsonNode max = body.get("max_completion_tokens");
        if (max == null || !max.canConvertToLong()) {
            max = body.get("max_tokens");
        }
        return max != null && max.canConvertToLong() && max.asLong() >= 0 ? max.asLong() : reserveCompletionTokens;
    }
}

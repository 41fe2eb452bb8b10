package dev.onellmapi.accounting;

import dev.onellmapi.request.RequestContext;
import dev.onellmapi.limits.RateCounters;
import dev.onellmapi.limits.RateDecision;
import dev.onellmapi.limits.RateLimitHeaders;
import dev.onellmapi.limits.RateReservation;
import dev.onellmapi.limits.SpendCounters;
import dev.onellmapi.limits.SpendHold;
import com.fasterxml.jackson.databind.JsonNode;
import dev.onellmapi.wire.ApiError;
import dev.onellmapi.chat.ChatRequest;
import dev.onellmapi.keys.VirtualKey;
import dev.onellmapi.model.ModelTarget;
import dev.onellmapi.reload.LiveConfig;
import dev.onellmapi.usage.Prices;
import dev.onellmapi.usage.RequestUsage;
import dev.onellmapi.usage.TokenEstimator;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import org.apache.camel.support.AsyncProcessorSupport;
import org.apache.camel.support.SynchronizationAdapter;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.function.Consumer;

/**
 * The chat route's admission step, after the request is read: opens the request's accounting (under its
 * {@code x-request-id}) and,
 * for a virtual key, checks its models (403 {@code model_not_allowed}; with a budget, 403 {@code model_not_priced}
 * for a model without a price), its budget (429 {@code insufficient_quota}; an admitted request holds its estimated
 * cost until the exchange is over, see {@link SpendCounters#reserve}) and its rate limits (429 {@code rate_limit_exceeded}, with the {@code x-ratelimit-*} headers on every answer).
 * Everything it reads is in memory; only the shared counters of {@link RedisRateCounters} answer asynchronously, and
 * the route then goes on on the event loop it was on.
 */
public final class KeyLimits extends AsyncProcessorSupport {
    private final SpendCounters spend;
    private final RateCounters counters;
    private final LiveConfig live;
    private final int reserveCompletionTokens;

    public KeyLimits(SpendCounters spend, RateCounters counters, LiveConfig live, int reserveCompletionTokens) {
        this.spend = spend;
        this.counters = counters;
        this.live = live;
        this.reserveCompletionTokens = reserveCompletionTokens;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        RequestContext context = RequestContext.of(exchange);
        ChatRequest chat = context.chat();
        VirtualKey key = context.virtualKey();
        RequestUsage usage = new RequestUsage(context.requestId(), System.nanoTime(), key, context.masterId(),
                chat.targets().size(), context.clientApi(), context.sessionId());
        context.usage(usage);
        MultiMap headers = exchange.getMessage() instanceof HttpMessage http ? http.getResponse().headers() : null;
        if (key == null) {
            callback.done(true);
            return true;
        }
        ApiError refused = null;
        SpendHold hold = null;
        long prompt = key.tpmLimit() == null && key.maxBudgetUsd() == null ? 0 : TokenEstimator.prompt(chat.body());
        long completion = completionAllowance(chat.body());
        try {
            checkModels(key, chat);
            hold = reserveBudget(exchange, usage, key, chat, prompt, completion);
        } catch (ApiError refusal) {
            refused = refusal;
        }
        if (!key.hasRateLimits() && hold == null) {
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
        long reserved = key.tpmLimit() == null ? 0 : (prompt + completion) * chat.targets().size();
        long promptTokens = prompt * chat.targets().size();
        SpendHold shared = hold;
        return decide(exchange, callback, then -> counters.reserve(key.id(), minute, key.rpmLimit(), key.tpmLimit(),
                promptTokens, reserved, shared, then), decision -> {
                    if (decision.allowed()) {
                        usage.reservation(new RateReservation(key.id(), minute, reserved));
                    }
                    if (decision.sharedHold()) {
                        usage.hold(() -> counters.release(key.id(), shared));
                    }
                    long resetMillis = resetMillis(minute);
                    if (headers != null) {
                        RateLimitHeaders.put(headers, key, decision, resetMillis);
                    }
                    if (!decision.allowed()) {
                        exchange.setException("budget".equals(decision.refusedBy()) ? budgetSpent(key)
                                : refusal(key, decision, resetMillis));
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

    /**
     * A key with a budget: every model must have a price (else its spend could not be counted), and the request holds
     * its estimated cost (prompt estimate × input + answer allowance × output, per model) from here until the recorder
     * counts the real cost in its place, or until the exchange is over, whatever way it ends. Returns the hold for
     * counters shared with other instances (Redis) to keep as well; null without a budget or with this instance's own
     * counters, which need none (its nano-dollar figures cost a few big-number conversions a request).
     */
    private SpendHold reserveBudget(Exchange exchange, RequestUsage usage, VirtualKey key, ChatRequest chat,
                                    long prompt, long completion) {
        BigDecimal max = key.maxBudgetUsd();
        if (max == null) {
            return null;
        }
        BigDecimal estimate = BigDecimal.ZERO;
        Prices prices = RequestContext.of(exchange).config(live).prices();
        for (ModelTarget target : chat.targets()) {
            Prices.Price price = prices.of(Prices.priced(target.requested()));
            if (price == null) {
                throw new ApiError(403, "invalid_request_error", "model_not_priced", "model", "This key has a "
                        + "budget, and the model '" + target.requested() + "' has no price, so its spend could not be "
                        + "counted: ask the operator to price it (PRICING_FILE).", null);
            }
            estimate = estimate.add(price.input().multiply(BigDecimal.valueOf(prompt))
                    .add(price.output().multiply(BigDecimal.valueOf(completion))));
        }
        BigDecimal held = estimate.movePointLeft(6); // per million tokens; a shift, no division
        if (!spend.reserve(key.id(), max, held)) {
            throw budgetSpent(key);
        }
        usage.hold(() -> spend.release(key.id(), held));
        onDone(exchange, usage::releaseHolds); // the recorder releases them first, unless the request failed before
        if (!counters.holdsSpend()) {
            return null;
        }
        return new SpendHold(max.subtract(spend.spent(key.id())).movePointRight(9).longValue(),
                held.movePointRight(9).setScale(0, RoundingMode.CEILING).longValue());
    }

    private static ApiError budgetSpent(VirtualKey key) {
        return new ApiError(429, "insufficient_quota", "insufficient_quota", null, "You exceeded your current "
                + "quota: this key's budget of $" + key.maxBudgetUsd().toPlainString() + " for the "
                + key.budgetPeriod().id() + " period is spent.", null);
    }

    /** Runs when the exchange is over, however it ends (answered, failed, the client gone). */
    private static void onDone(Exchange exchange, Runnable release) {
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                release.run();
            }
        });
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

    /** max_completion_tokens or max_tokens, else TPM_RESERVE_COMPLETION_TOKENS (for tokens and for cost). */
    private long completionAllowance(JsonNode body) {
        JsonNode max = body.get("max_completion_tokens");
        if (max == null || !max.canConvertToLong()) {
            max = body.get("max_tokens");
        }
        return max != null && max.canConvertToLong() && max.asLong() >= 0 ? max.asLong() : reserveCompletionTokens;
    }
}

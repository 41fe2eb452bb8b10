package dev.onellmapi.resilience;

import dev.onellmapi.request.PassThrough;
import dev.onellmapi.request.RequestContext;
import dev.onellmapi.observe.GenAiMetrics;
import dev.onellmapi.model.ModelTarget;
import dev.onellmapi.model.ProviderType;
import dev.onellmapi.reload.LiveConfig;
import dev.onellmapi.chat.ProviderCall;
import dev.onellmapi.chat.ProviderReply;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;

import java.util.List;

/**
 * MODEL_FALLBACKS: when a model still fails after its retries (429, 5xx, timeout, unreachable, breaker open), the
 * next model of its list is called instead, and so on until one answers or the list ends (then the last failure is
 * the answer). The list is the one of the name the client sent, resolved once per configuration (the one the request
 * began with); the answer's {@code model} is that of the model that answered. A passed-through request
 * ({@code RequestContext.passThrough}) falls back only to models of the same provider type.
 */
public final class ModelFallbacks implements Predicate {
    private final LiveConfig live;
    private final GenAiMetrics metrics;

    public ModelFallbacks(LiveConfig live, GenAiMetrics metrics) {
        this.live = live;
        this.metrics = metrics;
    }

    /**
     * The provider router's loop condition ({@code ref: modelFallbacks}: a predicate bean is asked as it is, where a
     * {@code method:} call would copy the whole exchange each time): true for the first attempt (the body is still
     * the call), when a retry is due ({@link UpstreamRetries#RETRY_DELAY}), and after a failure a fallback can help
     * with while the list has a next model. It only reads.
     */
    @Override
    public boolean matches(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (body instanceof ProviderCall || exchange.getProperty(UpstreamRetries.RETRY_DELAY) != null) {
            return true;
        }
        if (!(body instanceof ProviderReply.Failed failed && worthAnotherModel(failed.error().status()))) {
            return false;
        }
        RequestContext context = RequestContext.of(exchange);
        return context.fallbackNext() < list(context).size();
    }

    /**
     * The call of this turn of the loop: the requested model first, the same call again for a retry or with the
     * provider's next key ({@link CircuitBreakers#NEXT_KEY}), then each fallback in turn (each with retries of its
     * own).
     */
    public ProviderCall next(Exchange exchange) {
        RequestContext context = RequestContext.of(exchange);
        if (exchange.getMessage().getBody() instanceof ProviderCall call) {
            if (exchange.getProperty(CircuitBreakers.NEXT_KEY) == null) {
                context.beginModel(call);
            }
            return call;
        }
        if (exchange.getProperty(UpstreamRetries.RETRY_DELAY) != null) {
            return context.modelCall();
        }
        ProviderCall first = context.fallbackFirst();
        int next = context.fallbackNext();
        context.fallbackNext(next + 1);
        metrics.fellBack(first.getProvider());
        ProviderCall fallback = new ProviderCall(first.position(), list(context).get(next), first.chat());
        context.beginFallback(fallback);
        return fallback;
    }

    private List<ModelTarget> list(RequestContext context) {
        List<ModelTarget> list = context.config(live).fallbacksOf(context.fallbackFirst().target().requested());
        PassThrough passThrough = context.passThrough();
        ProviderType only = passThrough == null ? null : passThrough.provider();
        return only == null ? list : list.stream().filter(target -> target.provider() == only).toList();
    }

    /** Failures of the provider, not of the request: a 4xx other than 429 would fail on the next model too. */
    private static boolean worthAnotherModel(int status) {
        return status == 429 || status >= 500;
    }
}

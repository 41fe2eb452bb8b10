package dev.onellmapi.resilience;

import dev.onellmapi.settings.ConfigurationError;
import dev.onellmapi.settings.GatewayConfig;
import dev.onellmapi.observe.GenAiMetrics;
import dev.onellmapi.wire.ApiError;
import dev.onellmapi.model.ModelResolver;
import dev.onellmapi.model.ModelTarget;
import dev.onellmapi.chat.ProviderCall;
import dev.onellmapi.chat.ProviderReply;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * MODEL_FALLBACKS: when a model still fails after its retries (429, 5xx, timeout, unreachable, breaker open), the
 * next model of its list is called instead, and so on until one answers or the list ends (then the last failure is
 * the answer). The list is the one of the name the client sent, resolved once at start; the answer's {@code model}
 * is that of the model that answered.
 */
public final class ModelFallbacks implements Predicate {
    private static final String FIRST = "oneLlmApi.fallbackFirst";
    private static final String NEXT = "oneLlmApi.fallbackNext";

    private final Map<String, List<ModelTarget>> fallbacks = new HashMap<>();

    private final GenAiMetrics metrics;

    public ModelFallbacks(GatewayConfig config, ModelResolver resolver, GenAiMetrics metrics) {
        this.metrics = metrics;
        config.modelFallbacks().forEach((model, names) -> {
            List<ModelTarget> targets = new ArrayList<>();
            for (String name : names) {
                try {
                    targets.add(resolver.resolve(name));
                } catch (ApiError unknown) {
                    throw new ConfigurationError("MODEL_FALLBACKS", "'" + name + "' (a fallback of '" + model
                            + "'): " + unknown.getMessage());
                }
            }
            fallbacks.put(model, List.copyOf(targets));
        });
    }

    /**
     * The provider router's loop condition ({@code ref: modelFallbacks}: a predicate bean is asked as it is, where a
     * {@code method:} call would copy the whole exchange each time): true for the first attempt (the body is still
     * the call), and after a failure a fallback can help with while the list has a next model. It only reads.
     */
    @Override
    public boolean matches(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (body instanceof ProviderCall) {
            return true;
        }
        return body instanceof ProviderReply.Failed failed && worthAnotherModel(failed.error().status())
                && exchange.getProperty(NEXT, 0, Integer.class) < list(exchange).size();
    }

    /** The call of this turn of the loop: the requested model first, then each fallback in turn. */
    public ProviderCall next(Exchange exchange) {
        if (exchange.getMessage().getBody() instanceof ProviderCall call) {
            exchange.setProperty(FIRST, call);
            exchange.setProperty(NEXT, 0);
            return call;
        }
        ProviderCall first = exchange.getProperty(FIRST, ProviderCall.class);
        int next = exchange.getProperty(NEXT, 0, Integer.class);
        exchange.setProperty(NEXT, next + 1);
        metrics.fellBack(first.getProvider());
        return new ProviderCall(first.position(), list(exchange).get(next), first.chat());
    }

    private List<ModelTarget> list(Exchange exchange) {
        ProviderCall first = exchange.getProperty(FIRST, ProviderCall.class);
        return fallbacks.getOrDefault(first.target().requested(), List.of());
    }

    /** Failures of the provider, not of the request: a 4xx other than 429 would fail on the next model too. */
    private static boolean worthAnotherModel(int status) {
        return status == 429 || status >= 500;
    }
}

package dev.onellmapi.resilience;

import dev.onellmapi.observe.InformativeHealthCheck;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.camel.health.HealthCheckResultBuilder;

import java.util.Map;
import java.util.function.Supplier;

/**
 * One provider's (or one placement's, an Azure resource's) health, from its circuit breaker: DOWN while the breaker
 * is open, with the breaker's state and failure rate in the details. A provider that fails does not make the gateway
 * unable to serve (the others answer, fallbacks take over): informative only.
 */
final class ProviderHealthCheck extends InformativeHealthCheck {
    private final Supplier<CircuitBreaker> breaker;

    ProviderHealthCheck(String name, Supplier<CircuitBreaker> breaker) {
        super("provider-" + name);
        this.breaker = breaker;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        CircuitBreaker current = breaker.get();
        CircuitBreaker.State state = current.getState();
        builder.detail("circuit_breaker", state.name());
        builder.detail("failure_rate_percent", Math.max(0f, current.getMetrics().getFailureRate()));
        builder.detail("calls_not_permitted", current.getMetrics().getNumberOfNotPermittedCalls());
        if (state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN) {
            builder.message("circuit breaker " + state + ": calls are refused until it half-opens");
            builder.down();
        } else {
            builder.up();
        }
    }
}

package dev.onellmapi.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.Map;
import java.util.function.Supplier;

/**
 * One provider's (or one Azure resource's) health, from its circuit breaker: DOWN while the breaker is open, with
 * the breaker's state and failure rate in the details. Neither liveness nor readiness: a provider that fails does
 * not make the gateway unable to serve (the others answer, fallbacks take over), so it must not restart it or take it
 * out of a load balancer; it shows in {@code /observe/health}.
 */
final class ProviderHealthCheck extends AbstractHealthCheck {
    private final Supplier<CircuitBreaker> breaker;

    ProviderHealthCheck(String name, Supplier<CircuitBreaker> breaker) {
        super("one-llm-api", "provider-" + name);
        this.breaker = breaker;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    public boolean isReadiness() {
        return false;
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

package dev.onellmapi.observe;

import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * A check of the gateway's that shows in {@code /observe/health} but is neither liveness nor readiness: what it
 * reports (a provider's breaker, the configuration's version) never means the gateway cannot serve, so it must not
 * restart it or take it out of a load balancer.
 */
public abstract class InformativeHealthCheck extends AbstractHealthCheck {
    protected InformativeHealthCheck(String id) {
        super("one-llm-api", id);
    }

    @Override
    public final boolean isLiveness() {
        return false;
    }

    @Override
    public final boolean isReadiness() {
        return false;
    }
}

package dev.onellmapi.resilience;

import dev.onellmapi.model.ProvidersConfig;
import dev.onellmapi.model.ProviderType;
import dev.onellmapi.model.ProviderInstance;
import dev.onellmapi.model.Placement;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;

import java.util.ArrayList;
import java.util.List;


/**
 * A {@link ProviderHealthCheck} per enabled provider key (built-in and configured) and per placement (an Azure
 * resource), in Camel's health-check registry once the application has one (camel-health sets it up while the
 * application starts; a host without it gets none).
 */
public final class ProviderHealthChecks {
    private ProviderHealthChecks() {
    }

    public static void register(CamelContext camel, ProvidersConfig providers, CircuitBreakers breakers) {
        List<ProviderHealthCheck> checks = new ArrayList<>();
        for (ProviderType provider : providers.enabled()) {
            ProviderInstance builtIn = providers.builtIn(provider);
            List<Placement> placements = builtIn.placements().all();
            if (!placements.isEmpty()) {
                placements.forEach(placement -> checks.add(check(placement.breakerName(), breakers)));
            } else {
                keyChecks(builtIn, breakers, checks);
            }
        }
        for (ProviderInstance configured : providers.configured()) {
            keyChecks(configured, breakers, checks);
        }
        try {
            camel.addStartupListener((started, alreadyStarted) -> {
                HealthCheckRegistry registry = HealthCheckRegistry.get(started);
                if (registry != null) {
                    checks.forEach(registry::register);
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException("the provider health checks could not be registered", e);
        }
    }

    /** One per key: each key has its breaker ({@code groq#2}); a provider with one key, or none, has one. */
    private static void keyChecks(ProviderInstance provider, CircuitBreakers breakers,
                                  List<ProviderHealthCheck> checks) {
        int keys = Math.max(1, provider.keys().size());
        for (int position = 0; position < keys; position++) {
            checks.add(check(provider.keys().size() == 0 ? provider.name() : provider.keys().breakerName(position),
                    breakers));
        }
    }

    private static ProviderHealthCheck check(String name, CircuitBreakers breakers) {
        return new ProviderHealthCheck(name, () -> breakers.breaker(name));
    }
}

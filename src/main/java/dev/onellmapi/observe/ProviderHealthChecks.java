package dev.onellmapi.observe;

import dev.onellmapi.config.AzureResource;
import dev.onellmapi.config.GatewayConfig;
import dev.onellmapi.model.Provider;
import dev.onellmapi.resilience.CircuitBreakers;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;

import java.util.ArrayList;
import java.util.List;

import java.util.Set;

/**
 * A {@link ProviderHealthCheck} per enabled provider and per Azure resource, in Camel's health-check registry once
 * the application has one (camel-health sets it up while the application starts; a host without it gets none).
 */
public final class ProviderHealthChecks {
    private ProviderHealthChecks() {
    }

    public static void register(CamelContext camel, GatewayConfig config, Set<Provider> enabled,
                                CircuitBreakers breakers) {
        List<ProviderHealthCheck> checks = new ArrayList<>();
        for (Provider provider : enabled) {
            if (provider == Provider.AZURE) {
                for (AzureResource resource : config.azureResources()) {
                    checks.add(check("azure:" + resource.name(), breakers));
                }
            } else {
                checks.add(check(provider.id(), breakers));
            }
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

    private static ProviderHealthCheck check(String name, CircuitBreakers breakers) {
        return new ProviderHealthCheck(name, () -> breakers.breaker(name));
    }
}

package dev.onellmapi.config;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gateway's routes are loaded from the jar once: not again when the application already names them. */
class OneLlmApiAutoConfigurationTest {
    @Test
    void theGatewaysRoutesAreLoadedUnlessTheApplicationNamesThem() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            OneLlmApiAutoConfiguration.loadGatewayRoutes(camel);
            assertTrue(((ModelCamelContext) camel).getRouteDefinition("chat-completions") != null);
            assertTrue(((ModelCamelContext) camel).getRouteDefinition("route-chat") != null);
        }
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.getPropertiesComponent().addInitialProperty("camel.main.routes-include-pattern",
                    "classpath:one-llm-api/routes/*.yaml,classpath:routes/*.yaml");
            OneLlmApiAutoConfiguration.loadGatewayRoutes(camel);
            assertEquals(0, ((ModelCamelContext) camel).getRouteDefinitions().size());
        }
    }
}

package dev.onellmapi.config;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.PluginHelper;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import java.util.Collection;

/**
 * The gateway in a Spring Boot Camel application by its dependency alone: what {@code camel.main.configuration-classes}
 * and {@code camel.main.routes-include-pattern} do in a camel-main host (camel-spring-boot has no configuration
 * classes). Registered in {@code META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports},
 * so only Spring Boot reads it, and active only when camel-spring-boot is there too. A host that still has the
 * hand-written bean of earlier versions (named {@code oneLlmApi}) keeps it, and the gateway is not configured twice.
 */
@AutoConfiguration
@ConditionalOnClass(CamelContextConfiguration.class)
public class OneLlmApiAutoConfiguration {
    static final String ROUTES = "classpath:one-llm-api/routes/*.yaml";

    @Bean
    @ConditionalOnMissingBean(name = "oneLlmApi")
    public CamelContextConfiguration oneLlmApi() {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camel) {
                try {
                    new GatewayBeans().configure(camel);
                    loadGatewayRoutes(camel);
                } catch (Exception e) {
                    throw new IllegalStateException("one-llm-api: " + e.getMessage(), e);
                }
            }

            @Override
            public void afterApplicationStart(CamelContext camel) {
                // nothing: the gateway's routes start with the application's
            }
        };
    }

    /** The gateway's routes from its jar, unless the application names them itself (they would be loaded twice). */
    static void loadGatewayRoutes(CamelContext camel) throws Exception {
        String named = camel.getPropertiesComponent().resolveProperty("camel.main.routes-include-pattern").orElse("");
        if (named.contains("one-llm-api/routes")) {
            return;
        }
        Collection<Resource> routes = PluginHelper.getPackageScanResourceResolver(camel).findResources(ROUTES);
        PluginHelper.getRoutesLoader(camel).loadRoutes(routes);
    }
}

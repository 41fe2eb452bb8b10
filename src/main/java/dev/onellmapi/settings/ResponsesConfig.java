package dev.onellmapi.settings;

import org.apache.camel.spi.PropertiesComponent;

/**
 * The Responses door's settings: how long translated responses are stored (RESPONSES_RETENTION_DAYS, 0: never).
 * Whether a provider has the Responses API is the provider's setting (model/ProviderInstance).
 */
public record ResponsesConfig(int retentionDays) {
    public static ResponsesConfig read(PropertiesComponent properties) {
        return new ResponsesConfig(new Settings(properties).integer("gateway.responses-retention-days",
                "RESPONSES_RETENTION_DAYS", 0, 36_500));
    }
}

package dev.onellmapi.settings;

import org.apache.camel.spi.PropertiesComponent;

/**
 * The Responses door's settings: how long translated responses are stored (RESPONSES_RETENTION_DAYS, 0: never), and
 * whether the Azure resources have the Responses API (AZURE_OPENAI_RESPONSES).
 */
public record ResponsesConfig(int retentionDays, boolean azureResponses) {
    public static ResponsesConfig read(PropertiesComponent properties) {
        Settings s = new Settings(properties);
        String azure = s.text("azure.responses", "AZURE_OPENAI_RESPONSES");
        if (!azure.equals("true") && !azure.equals("false")) {
            throw new ConfigurationError("AZURE_OPENAI_RESPONSES", "'" + azure + "' is neither true nor false");
        }
        return new ResponsesConfig(s.integer("gateway.responses-retention-days", "RESPONSES_RETENTION_DAYS", 0,
                36_500), azure.equals("true"));
    }
}

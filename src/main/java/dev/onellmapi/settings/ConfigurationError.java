package dev.onellmapi.settings;

/** A setting that cannot be used; the message names the environment variable to fix. */
public class ConfigurationError extends IllegalArgumentException {
    public ConfigurationError(String variable, String problem) {
        super(variable + ": " + problem);
    }
}

package dev.onellmapi.reload;

import org.apache.camel.Exchange;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The configuration in force ({@link ConfigSnapshot}), swapped whole when an edit is taken. A request reads it once,
 * at its first use, and keeps it on its exchange: its models, fallbacks and price are those of the configuration it
 * started with, whatever is swapped in meanwhile.
 */
public final class LiveConfig {
    static final String PROPERTY = "oneLlmApi.config";

    private final AtomicReference<ConfigSnapshot> current;

    public LiveConfig(ConfigSnapshot first) {
        this.current = new AtomicReference<>(first);
    }

    /** The configuration in force now (for what belongs to no request: the health check, the next edit). */
    public ConfigSnapshot current() {
        return current.get();
    }

    /** The request's configuration: the one in force when it first asked (a multi-model request's parts share it). */
    public ConfigSnapshot of(Exchange exchange) {
        Object pinned = exchange.getProperty(PROPERTY);
        if (pinned instanceof ConfigSnapshot snapshot) {
            return snapshot;
        }
        ConfigSnapshot now = current.get();
        exchange.setProperty(PROPERTY, now);
        return now;
    }

    void swap(ConfigSnapshot next) {
        current.set(next);
    }
}

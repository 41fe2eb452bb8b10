package dev.onellmapi.reload;

import dev.onellmapi.request.RequestContext;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The configuration in force ({@link ConfigSnapshot}), swapped whole when an edit is taken. A request reads it once,
 * at its first use, and keeps it on its exchange: its models, fallbacks and price are those of the configuration it
 * started with, whatever is swapped in meanwhile ({@code RequestContext.config}).
 */
public final class LiveConfig {
    private final AtomicReference<ConfigSnapshot> current;

    public LiveConfig(ConfigSnapshot first) {
        this.current = new AtomicReference<>(first);
    }

    /** The configuration in force now (a request keeps the one it first asked for). */
    public ConfigSnapshot current() {
        return current.get();
    }

    void swap(ConfigSnapshot next) {
        current.set(next);
    }
}

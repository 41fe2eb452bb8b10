package dev.onellmapi.reload;

import dev.onellmapi.observe.InformativeHealthCheck;
import org.apache.camel.health.HealthCheckResultBuilder;

import java.util.Map;

/**
 * {@code configuration} in {@code /observe/health}: its message names the version of the configuration in force (1 at
 * start, one more per edit taken) and when it was loaded, and the last edit's refusal while it stands; with
 * {@code ?data=true} the same as data ({@code config_version}, {@code config_loaded_at}, {@code config_reload},
 * {@code config_edit_refused}). Always UP: a refused edit leaves the configuration in force serving.
 */
final class ConfigHealthCheck extends InformativeHealthCheck {
    private final LiveConfig live;
    private final ConfigReload reload;

    ConfigHealthCheck(LiveConfig live, ConfigReload reload) {
        super("configuration");
        this.live = live;
        this.reload = reload;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        ConfigSnapshot now = live.current();
        builder.detail("config_version", now.version());
        builder.detail("config_loaded_at", now.loadedAt().toString());
        builder.detail("config_reload", reload.isEnabled());
        String refused = reload.refused();
        if (refused != null) {
            builder.detail("config_edit_refused", refused);
        }
        builder.message("version " + now.version() + " loaded at " + now.loadedAt()
                + (refused == null ? "" : "; the last edit was refused: " + refused));
        builder.up();
    }
}

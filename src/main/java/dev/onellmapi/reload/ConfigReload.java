package dev.onellmapi.reload;

import dev.onellmapi.settings.ConfigurationError;
import dev.onellmapi.wire.SecretRedactor;
import org.apache.camel.CamelContext;
import org.apache.camel.component.properties.LocationPropertiesSource;
import org.apache.camel.component.properties.PropertiesComponent;
import org.apache.camel.component.properties.PropertiesLocation;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

/**
 * CONFIG_RELOAD=true: the properties files the gateway was started from (its {@code file:} locations: the working
 * directory's application.properties) and PRICING_FILE are looked at every second, on a thread of their own (never an
 * event loop); after an edit the configuration is read again whole, as at start, into a new {@link ConfigSnapshot}
 * that is swapped in at once. An edit that does not validate is refused with one log line naming the property, and
 * the configuration in force keeps serving. Files are compared by content, so an editor's save-by-rename, a copy
 * over the file and an edit within the same second all count. Without CONFIG_RELOAD only the health check is
 * registered: {@code /observe/health} shows the configuration's version and when it was loaded either way.
 */
public final class ConfigReload extends ServiceSupport {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigReload.class);
    private static final long POLL_MILLIS = 1000;
    private static final long MISSING = -1;

    private final CamelContext camel;
    private final LiveConfig live;
    private final boolean enabled;
    private Map<Path, Long> seen = Map.of();
    private volatile String refused;
    private ScheduledExecutorService poller;

    private ConfigReload(CamelContext camel, LiveConfig live) {
        this.camel = camel;
        this.live = live;
        this.enabled = enabled(camel.getPropertiesComponent());
    }

    /**
     * The health check, and the watcher with CONFIG_RELOAD; the check joins Camel's health-check registry once the
     * application has one (camel-health sets it up while the application starts).
     */
    public static void install(CamelContext camel, LiveConfig live) throws Exception {
        ConfigReload reload = new ConfigReload(camel, live);
        ConfigHealthCheck check = new ConfigHealthCheck(live, reload);
        camel.addStartupListener((started, alreadyStarted) -> {
            HealthCheckRegistry registry = HealthCheckRegistry.get(started);
            if (registry != null) {
                registry.register(check);
            }
        });
        camel.addService(reload);
    }

    /** CONFIG_RELOAD: {@code true} or {@code false} (the default). */
    static boolean enabled(org.apache.camel.spi.PropertiesComponent properties) {
        String raw = properties.resolveProperty("gateway.config-reload").map(String::trim).orElse("false");
        if (!raw.equalsIgnoreCase("true") && !raw.equalsIgnoreCase("false")) {
            throw new ConfigurationError("CONFIG_RELOAD", "'" + raw + "' is neither true nor false");
        }
        return Boolean.parseBoolean(raw);
    }

    boolean isEnabled() {
        return enabled;
    }

    /** The last refused edit's reason (null once an edit is taken again), for the health check. */
    String refused() {
        return refused;
    }

    @Override
    protected void doStart() {
        if (!enabled) {
            return;
        }
        if (!(camel.getPropertiesComponent() instanceof PropertiesComponent)) {
            throw new ConfigurationError("CONFIG_RELOAD", "needs Camel's own properties component; this host has "
                    + camel.getPropertiesComponent().getClass().getName());
        }
        seen = fingerprints(watched());
        LOG.info("one-llm-api: CONFIG_RELOAD watches {} for edits of providers, aliases, fallbacks, keys and prices",
                seen.keySet());
        poller = camel.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "config-reload");
        poller.scheduleWithFixedDelay(this::check, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        if (poller != null) {
            camel.getExecutorServiceManager().shutdownNow(poller);
            poller = null;
        }
    }

    private void check() {
        try {
            Map<Path, Long> now = fingerprints(watched());
            if (now.equals(seen)) {
                return;
            }
            reload(now.keySet());
            // an edit of PRICING_FILE's name changes what is watched; a file is compared from what was read now
            Map<Path, Long> next = new LinkedHashMap<>();
            for (Path file : watched()) {
                next.put(file, now.containsKey(file) ? now.get(file) : fingerprint(file));
            }
            seen = next;
        } catch (RuntimeException unexpected) { // the poller must go on whatever one look at the files met
            LOG.warn("one-llm-api: CONFIG_RELOAD could not look at its files: {}",
                    SecretRedactor.redact(String.valueOf(unexpected)));
        }
    }

    /** Reads everything again, as at start; swaps it in whole, or refuses it whole. */
    void reload(Set<Path> files) {
        ConfigSnapshot old = live.current();
        ConfigSnapshot next;
        try {
            next = ConfigSnapshot.read(freshProperties(), old.providers().types(), old.version() + 1);
        } catch (RuntimeException broken) {
            refused = SecretRedactor.redact(broken.getMessage());
            LOG.error("one-llm-api: the edit of {} is refused, configuration {} keeps serving: {}", files,
                    old.version(), refused);
            return;
        }
        SecretRedactor.register(next.secrets());
        live.swap(next);
        refused = null;
        LOG.info("one-llm-api: configuration {} in force (edit of {}): configured providers {}, aliases {}",
                next.version(), files, next.providers().configured().stream().map(p -> p.name()).toList(),
                next.resolver().aliases().keySet());
    }

    /**
     * A properties component like the gateway's (its locations, the gateway's defaults under them, the overrides and
     * any other sources the host added), reading the files as they are now. The gateway's own is left as it was: the
     * configuration in force stays consistent with it if the edit is refused.
     */
    private PropertiesComponent freshProperties() {
        PropertiesComponent from = (PropertiesComponent) camel.getPropertiesComponent();
        PropertiesComponent fresh = new PropertiesComponent();
        fresh.setCamelContext(camel);
        fresh.setLocations(from.getLocations().toArray(String[]::new));
        fresh.setIgnoreMissingLocation(from.isIgnoreMissingLocation());
        fresh.setInitialProperties(copy(from.getInitialProperties()));
        fresh.setOverrideProperties(copy(from.getOverrideProperties()));
        from.getPropertiesSources().stream().filter(source -> !(source instanceof LocationPropertiesSource))
                .forEach(fresh::addPropertiesSource);
        ServiceHelper.startService(fresh);
        return fresh;
    }

    private static Properties copy(Properties properties) {
        Properties copy = new Properties();
        if (properties != null) {
            copy.putAll(properties);
        }
        return copy;
    }

    /** The gateway's properties files on disk and PRICING_FILE as the configuration in force names it. */
    private Set<Path> watched() {
        Set<Path> files = new LinkedHashSet<>();
        for (String location : camel.getPropertiesComponent().getLocations()) {
            PropertiesLocation parsed = new PropertiesLocation(location);
            if ("file".equals(parsed.getResolver())) {
                files.add(Path.of(parsed.getPath()).toAbsolutePath().normalize());
            }
        }
        String pricing = live.current().pricingFile();
        if (pricing != null && !pricing.isBlank()) {
            files.add(Path.of(pricing).toAbsolutePath().normalize());
        }
        return files;
    }

    private static Map<Path, Long> fingerprints(Set<Path> files) {
        Map<Path, Long> prints = new LinkedHashMap<>();
        files.forEach(file -> prints.put(file, fingerprint(file)));
        return prints;
    }

    /** A checksum of the file's content (configuration files are small); a missing file is a state of its own. */
    private static long fingerprint(Path file) {
        try {
            CRC32 crc = new CRC32();
            crc.update(Files.readAllBytes(file));
            return crc.getValue();
        } catch (NoSuchFileException gone) {
            return MISSING;
        } catch (IOException unreadable) {
            return MISSING - 1;
        }
    }
}

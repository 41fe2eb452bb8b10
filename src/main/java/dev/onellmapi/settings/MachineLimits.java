package dev.onellmapi.settings;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/** Defaults sized for the machine the gateway runs on. */
final class MachineLimits {
    private static final int FALLBACK_CONNECTIONS = 4096;

    private MachineLimits() {
    }

    /**
     * MAX_CLIENT_CONNECTIONS when unset: half the process's file-descriptor limit (the other half stays for provider
     * connections, one per call in flight, and for files), between 256 and 100,000.
     */
    static int clientConnections() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            long half = unix.getMaxFileDescriptorCount() / 2;
            return (int) Math.max(256, Math.min(100_000, half));
        }
        return FALLBACK_CONNECTIONS;
    }
}

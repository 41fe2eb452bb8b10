package dev.onellmapi;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * The standalone gateway's memory, bounded without flags on its command line (plain {@code java -jar}).
 * <p>
 * Its heap goes back to the machine once a load is over. Its live data is small (about 45 MiB, a third of it the
 * tokenizer's vocabulary), but under load G1 grows the heap towards a quarter of the machine's memory (the default
 * ceiling without -Xmx) and, left alone, keeps it: 800 MiB resident after the benchmark's load on a 24 GiB machine.
 * G1 returns memory after a concurrent cycle, down to MaxHeapFreeRatio free, and starts one once the heap has been
 * quiet for G1PeriodicGCInterval. Those flags are manageable (settable while running): the gateway sets a 5 s
 * interval, and, once no collection has run for 3 s (the load is over), 30 % free at most, so the next periodic cycle
 * gives the heap back; at the next collection (load again) G1's defaults return, so a load runs with the heap G1
 * sizes for it. One daemon thread looks once a second. A flag the operator set on the command line is left as it is
 * (then the gateway leaves the free ratios alone too).
 * <p>
 * Netty's pooled buffers (Vert.x's, for the gateway's server and client and the management server) come in chunks
 * of 4 MiB, a few per event-loop arena, most of them a tenth used by requests of a few KiB: 1 MiB chunks
 * ({@code io.netty.allocator.maxOrder=7}) unless the operator set it. A buffer over 1 MiB is then allocated alone.
 */
final class MemoryBounds {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryBounds.class);
    private static final String[] LOAD = {"40", "70"}; // G1's defaults: MinHeapFreeRatio, MaxHeapFreeRatio
    private static final String[] IDLE = {"10", "30"};
    private static final int QUIET_SECONDS = 3;

    private final HotSpotDiagnosticMXBean vm;
    private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    private long collections = -1;
    private int quietSeconds;
    private boolean idle;

    private MemoryBounds(HotSpotDiagnosticMXBean vm) {
        this.vm = vm;
    }

    static void apply() {
        if (System.getProperty("io.netty.allocator.maxOrder") == null) { // read once, when Netty's allocator loads
            System.setProperty("io.netty.allocator.maxOrder", "7");
        }
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (vm == null || !"true".equals(vm.getVMOption("UseG1GC").getValue())) {
                return; // another collector (or VM): its own rules
            }
            for (String flag : new String[]{"G1PeriodicGCInterval", "MinHeapFreeRatio", "MaxHeapFreeRatio"}) {
                if (vm.getVMOption(flag).getOrigin() != VMOption.Origin.DEFAULT) {
                    return; // the operator's own heap tuning
                }
            }
            vm.setVMOption("G1PeriodicGCInterval", "5000");
            MemoryBounds bounds = new MemoryBounds(vm);
            Thread watch = new Thread(bounds::watch, "heap-watch");
            watch.setDaemon(true);
            watch.start();
        } catch (RuntimeException notThisVm) { // a VM without these flags: nothing to tune
            LOG.debug("Heap flags not set: {}", notThisVm.toString());
        }
    }

    private void watch() {
        try {
            while (true) {
                Thread.sleep(1000);
                look();
            }
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.debug("Heap watch stopped: {}", e.toString());
        }
    }

    private void look() {
        long now = 0;
        for (GarbageCollectorMXBean collector : collectors) {
            now += Math.max(0, collector.getCollectionCount());
        }
        quietSeconds = now == collections ? quietSeconds + 1 : 0;
        collections = now;
        if (quietSeconds == 0 && idle) {
            ratios(LOAD);
            idle = false;
        } else if (quietSeconds >= QUIET_SECONDS && !idle) {
            ratios(IDLE);
            idle = true;
        }
    }

    /** Min first when lowering, Max first when raising: Min may never exceed Max. */
    private void ratios(String[] minMax) {
        if (minMax == IDLE) {
            vm.setVMOption("MinHeapFreeRatio", minMax[0]);
            vm.setVMOption("MaxHeapFreeRatio", minMax[1]);
        } else {
            vm.setVMOption("MaxHeapFreeRatio", minMax[1]);
            vm.setVMOption("MinHeapFreeRatio", minMax[0]);
        }
    }
}

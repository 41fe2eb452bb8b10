package dev.onellmapi;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * The standalone gateway's memory, bounded without flags on its command line (plain {@code java -jar}).
 * <p>
 * Its heap goes back to the machine once a load is over. Its live data is small (about 45 MiB, a third of it the
 * tokenizer's vocabulary), but under load G1 grows the heap towards a quarter of the machine's memory (the default
 * ceiling without -Xmx) and, left alone, keeps it. G1's own periodic cycle (JEP 346) gives back only part of it: it
 * shrinks to a share of the regions in use, and after a long load the old regions are full of dead H2 pages and
 * requests that only a mixed collection (which needs new allocation) would clear: 384 MiB committed for 69 MiB live
 * after a 10-minute soak. So, once the heap has been quiet for 3 s (no collection, and less than 4 MiB a second
 * allocated: a load is over; a heavy load with a large young generation can also go 3 s without a collection) and the
 * heap is larger than {@link HeapReturn} allows, the gateway runs one full collection with 30 % free at most
 * (MaxHeapFreeRatio, a flag settable while running; G1's defaults are put back at once), then has the C library give
 * back the native memory freed with it (the JVM's own System.trim_native_heap command): 0.1–0.2 s once after a load,
 * then the heap stays small until a load grows it again. One daemon thread looks once a second. An operator who set
 * the heap's free ratios or its minimum (-Xms) on the command line keeps them, and no collection is started for them;
 * neither under -XX:+DisableExplicitGC.
 * <p>
 * Netty's pooled buffers (Vert.x's, for the gateway's server and client and the management server) come in chunks
 * of 4 MiB, a few per event-loop arena, most of them a tenth used by requests of a few KiB: 1 MiB chunks
 * ({@code io.netty.allocator.maxOrder=7}) unless the operator set it. A buffer over 1 MiB is then allocated alone.
 */
final class MemoryBounds {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryBounds.class);
    private static final int QUIET_SECONDS = 3;
    /** What a quiet second may allocate: light traffic (a hundred chat requests a second), not a load. */
    private static final long QUIET_BYTES_PER_SECOND = 4L << 20;

    private final HotSpotDiagnosticMXBean vm;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    private final HeapReturn policy = new HeapReturn();
    private long collections = -1;
    private long used;
    private int quietSeconds;

    private MemoryBounds(HotSpotDiagnosticMXBean vm) {
        this.vm = vm;
    }

    static void apply() {
        if (System.getProperty("io.netty.allocator.maxOrder") == null) { // read once, when Netty's allocator loads
            System.setProperty("io.netty.allocator.maxOrder", "7");
        }
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (vm == null || !"true".equals(vm.getVMOption("UseG1GC").getValue())
                    || "true".equals(vm.getVMOption("DisableExplicitGC").getValue())) {
                return; // another collector (or VM): its own rules
            }
            for (String flag : new String[]{"MinHeapFreeRatio", "MaxHeapFreeRatio", "MinHeapSize"}) {
                VMOption.Origin origin = vm.getVMOption(flag).getOrigin();
                if (origin != VMOption.Origin.DEFAULT && origin != VMOption.Origin.ERGONOMIC) {
                    return; // the operator's own heap tuning
                }
            }
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
        MemoryUsage heap = memory.getHeapMemoryUsage();
        boolean quiet = now == collections && heap.getUsed() - used < QUIET_BYTES_PER_SECOND;
        quietSeconds = quiet ? quietSeconds + 1 : 0;
        collections = now;
        used = heap.getUsed();
        if (quietSeconds >= QUIET_SECONDS && policy.returnNow(heap.getCommitted())) {
            giveBack();
        }
    }

    /** One full collection that leaves at most 30 % of the heap free; G1's own ratios (40, 70) again after it. */
    private void giveBack() {
        long before = memory.getHeapMemoryUsage().getCommitted();
        long start = System.nanoTime();
        vm.setVMOption("MinHeapFreeRatio", "10"); // Min first when lowering: Min may never exceed Max
        vm.setVMOption("MaxHeapFreeRatio", "30");
        try {
            System.gc();
        } finally {
            vm.setVMOption("MaxHeapFreeRatio", "70");
            vm.setVMOption("MinHeapFreeRatio", "40");
        }
        trimNativeHeap();
        long after = memory.getHeapMemoryUsage().getCommitted();
        policy.returned(after);
        collections = -1; // the collection just run is no load
        LOG.info("Heap given back after a load: {} MiB committed, was {} MiB (one full collection, {} ms)",
                after >> 20, before >> 20, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    /** glibc keeps what the collector freed (remembered sets, ~50 MiB after a load) unless asked: jcmd's command. */
    private static void trimNativeHeap() {
        try {
            ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "systemTrimNativeHeap", new Object[]{new String[0]}, new String[]{String[].class.getName()});
        } catch (JMException | RuntimeException notThisVm) { // another C library or JDK: its memory stays
            LOG.debug("Native heap not trimmed: {}", notThisVm.toString());
        }
    }
}

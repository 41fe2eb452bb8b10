package dev.onellmapi;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.util.Map;

/**
 * The standalone gateway's memory, bounded without flags on its command line (plain {@code java -jar}).
 * <p>
 * Its heap goes back to the machine once a load is over. Its live data is small (about 45 MiB,
 * a third of it the tokenizer's vocabulary), but under load G1 grows the heap towards a quarter of the machine's
 * memory (the default ceiling without -Xmx) and, left alone, keeps it: 800 MiB resident after the benchmark's load on
 * a 24 GiB machine. G1 gives memory back after a concurrent cycle, down to MaxHeapFreeRatio free, and starts one when
 * the heap has been quiet for G1PeriodicGCInterval. Those flags are manageable (settable while running), so the
 * gateway sets them itself; a value the operator set on the command line is left as it is.
 * <p>
 * Netty's pooled buffers (Vert.x's, the gateway's server and client, and the management server's) come in chunks
 * of 4 MiB, a few per event-loop arena, most of them a tenth used by requests of a few KiB: 1 MiB chunks
 * ({@code io.netty.allocator.maxOrder=7}) unless the operator set it. A buffer over 1 MiB is then allocated alone.
 */
final class MemoryBounds {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryBounds.class);
    /** Flag, value: a concurrent cycle after 5 s without a collection; after it, at most 30 % of the heap free. */
    private static final Map<String, String> FLAGS = Map.of("G1PeriodicGCInterval", "5000",
            "MinHeapFreeRatio", "10", "MaxHeapFreeRatio", "30");

    private MemoryBounds() {
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
            // MinHeapFreeRatio first: it must stay at most MaxHeapFreeRatio at every step
            for (String flag : new String[]{"MinHeapFreeRatio", "MaxHeapFreeRatio", "G1PeriodicGCInterval"}) {
                VMOption option = vm.getVMOption(flag);
                if (option.getOrigin() == VMOption.Origin.DEFAULT) {
                    vm.setVMOption(flag, FLAGS.get(flag));
                }
            }
        } catch (RuntimeException notThisVm) { // a VM without these flags: nothing to tune
            LOG.debug("Heap flags not set: {}", notThisVm.toString());
        }
    }
}

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A JFR recording of the gateway under the bench's load, bucketed by subsystem: CPU samples (jdk.ExecutionSample)
 * and allocated bytes (jdk.ObjectAllocationSample weights), each sample given to the subsystem of the first frame,
 * from the top of its stack, that is not the JDK's own (java.*, jdk.*, sun.*); GC from jdk.GarbageCollection.
 * Arguments: FILE.jfr [REQUESTS] (the requests served while recording: allocation per request). Prints a table.
 */
public class JfrBuckets {
    private static final List<String[]> RULES = List.of(
            new String[]{"ledger (H2, LedgerWriter)", "org.h2.", "dev.onellmapi.usage.LedgerWriter", "dev.onellmapi.store."},
            new String[]{"metrics (Micrometer, GenAI, route policy)", "io.micrometer.", "org.apache.camel.component.micrometer.",
                    "dev.onellmapi.observe."},
            new String[]{"usage (prices, metering, recorder)", "dev.onellmapi.usage.", "dev.onellmapi.accounting."},
            new String[]{"keys and limits", "dev.onellmapi.keys.", "dev.onellmapi.limits."},
            new String[]{"logging", "org.slf4j.", "ch.qos.", "org.apache.logging."},
            new String[]{"Jackson (JSON)", "com.fasterxml."},
            new String[]{"Vert.x / Netty (HTTP in and out)", "io.vertx.", "io.netty."},
            new String[]{"Camel routing (routes, EIPs, exchanges)", "org.apache.camel."},
            new String[]{"the gateway's other code", "dev.onellmapi."});

    public static void main(String[] args) throws Exception {
        long requests = args.length > 1 ? Long.parseLong(args[1]) : 0;
        Map<String, long[]> buckets = new LinkedHashMap<>(); // name -> {cpu samples, bytes}
        for (String[] rule : RULES) buckets.put(rule[0], new long[2]);
        buckets.put("JDK only / other", new long[2]);
        Map<String, long[]> gcs = new LinkedHashMap<>(); // collector -> {count, nanos}
        for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
            switch (e.getEventType().getName()) {
                case "jdk.ExecutionSample" -> buckets.get(bucket(e.getStackTrace()))[0]++;
                case "jdk.ObjectAllocationSample" -> buckets.get(bucket(e.getStackTrace()))[1] += e.getLong("weight");
                case "jdk.GarbageCollection" -> {
                    long[] gc = gcs.computeIfAbsent(e.getString("name"), name -> new long[2]);
                    gc[0]++;
                    gc[1] += e.getDuration("sumOfPauses").toNanos();
                }
                default -> { }
            }
        }
        long cpu = 0, bytes = 0;
        for (long[] b : buckets.values()) { cpu += b[0]; bytes += b[1]; }
        StringBuilder out = new StringBuilder("| subsystem | CPU samples | share of CPU | bytes allocated | share of bytes"
                + (requests > 0 ? " | bytes per request" : "") + " |\n|---|---:|---:|---:|---:|" + (requests > 0 ? "---:|" : "") + "\n");
        for (Map.Entry<String, long[]> b : buckets.entrySet()) {
            long[] v = b.getValue();
            out.append("| ").append(b.getKey()).append(" | ").append(v[0]).append(" | ").append(pct(v[0], cpu)).append(" | ")
                    .append(mib(v[1])).append(" | ").append(pct(v[1], bytes));
            if (requests > 0) out.append(" | ").append(String.format(Locale.ROOT, "%,d", v[1] / requests));
            out.append(" |\n");
        }
        out.append("| **all** | ").append(cpu).append(" | 100 % | ").append(mib(bytes)).append(" | 100 %");
        if (requests > 0) out.append(" | **").append(String.format(Locale.ROOT, "%,d", bytes / requests)).append("**");
        out.append(" |\n\nGC (jdk.GarbageCollection, pauses):");
        for (Map.Entry<String, long[]> gc : gcs.entrySet()) {
            out.append(' ').append(gc.getKey()).append(' ').append(gc.getValue()[0]).append(String.format(Locale.ROOT,
                    " collections, %.2f s paused;", gc.getValue()[1] / 1e9));
        }
        if (requests > 0) out.append(" over ").append(String.format(Locale.ROOT, "%,d", requests)).append(" requests");
        System.out.println(out.append('.'));
    }

    private static String bucket(RecordedStackTrace stack) {
        if (stack == null) return "JDK only / other";
        for (RecordedFrame frame : stack.getFrames()) {
            if (frame.getMethod() == null || frame.getMethod().getType() == null) continue;
            String type = frame.getMethod().getType().getName();
            if (type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun.")) continue;
            for (String[] rule : RULES) {
                for (int i = 1; i < rule.length; i++) if (type.startsWith(rule[i])) return rule[0];
            }
            return "JDK only / other";
        }
        return "JDK only / other";
    }

    private static String pct(long part, long all) {
        return all == 0 ? "-" : String.format(Locale.ROOT, "%.1f %%", 100.0 * part / all);
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%,.0f MiB", bytes / 1048576.0);
    }
}

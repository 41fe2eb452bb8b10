package dev.onellmapi;

import dev.onellmapi.settings.ConfigurationError;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyBindingException;
import org.apache.camel.main.Main;
import sun.misc.Signal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code java -XX:SharedArchiveFile=target/one-llm-api.jsa -jar target/one-llm-api.jar} (or plain {@code java -jar},
 * slower to start): runs the gateway until it is stopped (SIGTERM / Ctrl-C).
 */
public final class Application {
    /** How long after SHUTDOWN_GRACE_SECONDS a stop that hangs is cut short (Camel's own hook allows 15 s). */
    private static final long STOP_MARGIN_SECONDS = 15;

    private Application() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("--cds-training")) {
            System.exit(CdsTraining.run()); // run by the build to write target/one-llm-api.jsa (see pom.xml)
        }
        if (Runtime.version().feature() >= 21 && System.getProperty("camel.threads.virtual.enabled") == null) {
            // Camel's own pools (the multi-model fan-out) then use virtual threads; JDK 17 keeps platform threads
            System.setProperty("camel.threads.virtual.enabled", "true");
        }
        MemoryBounds.apply();
        Main main = Gateway.create(Map.of());
        stopOnSignals(main);
        try {
            System.exit(main.run(args));
        } catch (Exception e) {
            String bad = badSetting(e);
            if (bad == null) {
                throw e;
            }
            System.err.println("one-llm-api: " + bad); // the operator's fix, not a stack trace
            System.exit(2);
        }
    }

    /**
     * The settings Camel binds itself, from application.properties, before the gateway reads its own: a bad value is
     * reported under the variable the operator set.
     */
    private static final Map<String, String> CAMEL_BOUND = Map.of(
            "routesreloadenabled", "ROUTES_RELOAD",
            "shutdowntimeout", "SHUTDOWN_GRACE_SECONDS");

    /** What the operator must fix, when the start failed on a setting; null for any other failure. */
    private static String badSetting(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConfigurationError bad) {
                return bad.getMessage();
            }
            if (cause instanceof PropertyBindingException binding && binding.getPropertyName() != null) {
                String variable = CAMEL_BOUND.get(binding.getPropertyName().replace("-", "").toLowerCase());
                if (variable != null) {
                    return variable + ": '" + binding.getValue() + "' is not a valid value";
                }
            }
        }
        return null;
    }

    /**
     * SIGTERM and SIGINT start the graceful stop here rather than in a JVM shutdown hook (Camel's default): the stop
     * then runs on the main thread as after any completed run, and the process exits with 0 once it is over, where a
     * hook-driven stop always ends in 143 (130) even when everything went well. A second signal stops at once, and a
     * stop still not over SHUTDOWN_GRACE_SECONDS + 15 s later is cut short with exit code 1.
     */
    private static void stopOnSignals(Main main) {
        AtomicBoolean stopping = new AtomicBoolean();
        for (String name : List.of("TERM", "INT")) {
            try {
                Signal.handle(new Signal(name), signal -> onStopSignal(main, stopping, signal));
            } catch (IllegalArgumentException taken) {
                // the JVM keeps this signal (-Xrs): Camel's shutdown hook stops the gateway instead (exit 143)
            }
        }
    }

    private static void onStopSignal(Main main, AtomicBoolean stopping, Signal signal) {
        if (!stopping.compareAndSet(false, true)) {
            Runtime.getRuntime().halt(128 + signal.getNumber()); // the second signal: now
            return;
        }
        Thread backstop = new Thread(() -> {
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(graceSeconds(main) + STOP_MARGIN_SECONDS));
                System.err.println("one-llm-api: the stop did not finish in time; exiting now");
                Runtime.getRuntime().halt(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "stop-backstop");
        backstop.setDaemon(true);
        backstop.start();
        main.completed(); // run() goes on to stop Camel gracefully, then main() exits with its code
    }

    private static long graceSeconds(Main main) {
        CamelContext camel = main.getCamelContext();
        return camel == null ? 30 : camel.getShutdownStrategy().getTimeUnit()
                .toSeconds(camel.getShutdownStrategy().getTimeout());
    }
}

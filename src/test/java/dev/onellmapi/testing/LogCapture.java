package dev.onellmapi.testing;

import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Collects the warnings and errors logged in this JVM (the in-process gateway's included) while it is open. The
 * gateway logs through slf4j-simple to {@code System.out}, one line per message ("HH:mm:ss.SSS [thread] LEVEL Logger
 * - message"), and slf4j-simple looks {@code System.out} up for every line: so the capture is a tee of it.
 */
public final class LogCapture implements AutoCloseable {
    private static final Pattern WARNING = Pattern.compile("^\\S+ (\\[[^]]*] )?(WARN|ERROR) .*");
    private static final String PROBE = "log capture probe";

    private final PrintStream original = System.out;
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

    public LogCapture() {
        System.setOut(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                synchronized (copy) {
                    copy.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                original.write(b, off, len);
                synchronized (copy) {
                    copy.write(b, off, len);
                }
            }
        }, true, StandardCharsets.UTF_8));
        // a capture that sees nothing would pass every test vacuously (as it did while slf4j had no binding)
        LoggerFactory.getLogger(LogCapture.class).warn(PROBE);
        if (all().stream().noneMatch(line -> line.contains(PROBE))) {
            close();
            throw new IllegalStateException("the log capture does not see the gateway's log: is slf4j bound to "
                    + "slf4j-simple, writing to System.out?");
        }
    }

    /** Each warning or error line as logged (but the capture's own probe). */
    public List<String> warnings() {
        return all().stream().filter(line -> !line.contains(PROBE)).toList();
    }

    private List<String> all() {
        List<String> lines = new ArrayList<>();
        String text;
        synchronized (copy) {
            text = copy.toString(StandardCharsets.UTF_8);
        }
        for (String line : text.split("\n")) {
            if (WARNING.matcher(line).matches()) {
                lines.add(line);
            }
        }
        return lines;
    }

    @Override
    public void close() {
        System.setOut(original);
    }
}

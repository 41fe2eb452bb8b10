package dev.onellmapi.testing;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real Redis started by the test suite on a free port, from the machine's {@code redis-server} (Debian's
 * package, which {@code .ci/run} installs when missing); no persistence. Can be stopped and started again on the
 * same port (Redis going down mid-run).
 */
public final class TestRedis implements AutoCloseable {
    private final int port;
    private final Path log;
    private Process process;

    public TestRedis() throws Exception {
        port = RunningGateway.freePort();
        log = Files.createTempFile("test-redis", ".log");
        start();
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public void start() throws Exception {
        process = new ProcessBuilder(binary(), "--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no").redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IOException("redis-server exited: " + Files.readString(log));
                }
                Thread.sleep(50);
            }
        }
        throw new IOException("redis-server did not listen within 20 s: " + Files.readString(log));
    }

    public void stop() throws InterruptedException {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private static String binary() throws IOException {
        for (String candidate : new String[]{"/usr/bin/redis-server", "/usr/local/bin/redis-server"}) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IOException("redis-server is not installed: apt-get install redis-server, as .ci/run does");
    }
}

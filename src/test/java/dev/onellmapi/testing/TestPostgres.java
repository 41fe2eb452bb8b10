package dev.onellmapi.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server started by the test suite itself on a free port, from the machine's PostgreSQL binaries
 * ({@code /usr/lib/postgresql/<version>/bin}, Debian's {@code postgresql} package, which {@code .ci/run} installs
 * when missing). PostgreSQL refuses to run as root: under root it runs as the {@code postgres} user. One server per
 * test JVM, a fresh database per test class; it can be stopped and started again (the database going down mid-run).
 */
public final class TestPostgres {
    private static TestPostgres shared;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path bin;
    private final Path dir;
    private final int port;
    private final boolean asPostgresUser;

    private TestPostgres() throws Exception {
        bin = binaries();
        dir = Files.createTempDirectory("test-postgres");
        port = RunningGateway.freePort();
        asPostgresUser = "root".equals(System.getProperty("user.name"));
        if (asPostgresUser) {
            run(List.of("chown", "postgres", dir.toString()), false);
        }
        run(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "test",
                "--auth=trust", "-E", "UTF8", "--no-sync"), true);
        start();
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopQuietly));
    }

    public static synchronized TestPostgres shared() throws Exception {
        if (shared == null) {
            shared = new TestPostgres();
        }
        return shared;
    }

    /** A server of its own, for a test that stops and starts it. */
    public static TestPostgres startNew() throws Exception {
        return new TestPostgres();
    }

    /** A new empty database; its gateway settings ({@code gateway.database-*}). */
    public Map<String, String> newDatabase() throws Exception {
        String name = "gateway_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(url("postgres"), "test", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return Map.of("gateway.database-url", url(name), "gateway.database-user", "test",
                "gateway.database-password", "");
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public void start() throws Exception {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l",
                dir.resolve("log").toString(), "-w", "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"), true);
    }

    public void stop() throws Exception {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w",
                "stop"), true);
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (Exception ignored) {
            // already stopped
        }
    }

    private void run(List<String> command, boolean asServerUser) throws Exception {
        List<String> full = new ArrayList<>();
        if (asServerUser && asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Path out = Files.createTempFile("pg-command", ".log");
        Process p = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", full) + " failed: " + Files.readString(out));
        }
    }

    private static Path binaries() throws IOException {
        File[] versions = new File("/usr/lib/postgresql").listFiles();
        if (versions != null) {
            for (File v : versions) {
                Path bin = v.toPath().resolve("bin");
                if (Files.isExecutable(bin.resolve("pg_ctl"))) {
                    return bin;
                }
            }
        }
        throw new IOException("PostgreSQL's binaries are not installed (/usr/lib/postgresql/*/bin): "
                + "apt-get install postgresql, as .ci/run does");
    }
}

package dev.onellmapi.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.onellmapi.settings.KeysConfig;
import org.apache.camel.support.service.ServiceSupport;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The gateway's database: a HikariCP pool on {@code DATABASE_URL} (an embedded H2 file under ./data/ by default,
 * PostgreSQL in production), its schema migrated by Flyway at start ({@code db/migration}). Only the background
 * writer and the admin API use it; the request path never does.
 */
public final class Database extends ServiceSupport {
    private final KeysConfig config;
    private HikariDataSource pool;

    public Database(KeysConfig config) {
        this.config = config;
    }

    /** Opens the pool and migrates; called while the gateway starts, so a database that cannot be used stops it. */
    public void open() throws Exception {
        if (pool != null) {
            return;
        }
        String url = config.databaseUrl();
        if (url.startsWith("jdbc:h2:file:")) {
            String path = url.substring("jdbc:h2:file:".length()).split(";", 2)[0];
            Path parent = Path.of(path).toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        }
        if (url.startsWith("jdbc:h2:")) {
            // H2's own shutdown hook would close the database while SIGTERM's stop still writes the last rows
            url = unlessSet(url, "DB_CLOSE_ON_EXIT", "FALSE");
        }
        if (url.startsWith("jdbc:h2:file:")) {
            // H2 writes a commit to its file up to 500 ms later by default: a kill -9 would lose rows the writer
            // had committed; with 0 each commit (one a LEDGER_FLUSH_MS batch) is in the file when commit returns
            url = unlessSet(url, "WRITE_DELAY", "0");
            // H2's page cache is heap (16 MiB by default, a third of the gateway's live data); the writer appends and
            // the admin queries scan, so 4 MiB serves both as fast (bench/results.md) and the heap given back is smaller
            url = unlessSet(url, "CACHE_SIZE", "4096");
        }
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("one-llm-api-db");
        hikari.setJdbcUrl(url);
        // the driver by name, not through DriverManager: DriverManager lets code see only drivers of its own class
        // loader, and under camel run (or a host's class loaders) the gateway's jars are in another one
        if (url.startsWith("jdbc:h2:")) {
            hikari.setDriverClassName("org.h2.Driver");
        } else if (url.startsWith("jdbc:postgresql:")) {
            hikari.setDriverClassName("org.postgresql.Driver");
        }
        if (!config.databaseUser().isEmpty()) {
            hikari.setUsername(config.databaseUser());
        }
        if (!config.databasePassword().isEmpty()) {
            hikari.setPassword(config.databasePassword());
        }
        hikari.setMaximumPoolSize(4); // one writer thread and the admin API
        hikari.setMinimumIdle(1);
        hikari.setConnectionTimeout(5_000); // a database that is down fails a write soon; the ledger queues meanwhile
        hikari.setValidationTimeout(2_000);
        hikari.setInitializationFailTimeout(30_000);
        pool = new HikariDataSource(hikari);
        String[] migrations = url.startsWith("jdbc:h2:") // and what only H2 needs (db/h2/*.sql say why)
                ? new String[] {"classpath:db/migration", "classpath:db/h2"} : new String[] {"classpath:db/migration"};
        Flyway.configure().dataSource(pool).locations(migrations).load().migrate();
    }

    /** The H2 URL with {@code ;NAME=value} added, unless the operator's URL sets NAME itself. */
    private static String unlessSet(String url, String name, String value) {
        return url.toUpperCase(java.util.Locale.ROOT).contains(name) ? url : url + ";" + name + "=" + value;
    }

    public DataSource dataSource() {
        return pool;
    }

    /**
     * Whether {@code failure} is the database refusing a statement while it answers, not an outage: a connection
     * error (SQLState class 08, the pool's timeout) is an outage at once; otherwise the database is asked.
     */
    public boolean refused(SQLException failure) {
        String state = failure.getSQLState();
        if (failure instanceof SQLTransientConnectionException || failure instanceof SQLNonTransientConnectionException
                || state == null || state.startsWith("08")) {
            return false;
        }
        try (Connection c = pool.getConnection()) {
            return c.isValid(2);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    public boolean isPostgres() {
        return config.databaseUrl().startsWith("jdbc:postgresql:");
    }

    @Override
    protected void doStart() throws Exception {
        open();
    }

    @Override
    protected void doStop() {
        if (pool != null) {
            pool.close();
            pool = null;
        }
    }
}

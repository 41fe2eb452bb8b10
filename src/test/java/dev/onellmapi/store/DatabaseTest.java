package dev.onellmapi.store;

import dev.onellmapi.settings.KeysConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The settings the gateway gives an embedded H2 file unless DATABASE_URL names them itself. */
class DatabaseTest {
    @Test
    void anH2FileCommitsAtOnceWithASmallPageCache(@TempDir Path dir) throws Exception {
        Database database = open("jdbc:h2:file:" + dir.resolve("db"));
        try {
            assertEquals("4096", setting(database, "CACHE_SIZE"), "H2's page cache is heap");
            assertEquals("0", setting(database, "WRITE_DELAY"), "a commit is in the file when it returns");
        } finally {
            database.stop();
        }
    }

    /** Ids a thousand at a time: H2 stores and commits its sequence each time the cache runs out. */
    @Test
    void theLedgersIdsAreCachedByTheThousandOnH2(@TempDir Path dir) throws Exception {
        Database database = open("jdbc:h2:file:" + dir.resolve("db"));
        try {
            assertEquals("1000", value(database, "SELECT IDENTITY_CACHE FROM INFORMATION_SCHEMA.COLUMNS "
                    + "WHERE TABLE_NAME = 'LEDGER' AND COLUMN_NAME = 'ID'"));
        } finally {
            database.stop();
        }
    }

    @Test
    void theOperatorsOwnSettingsWin(@TempDir Path dir) throws Exception {
        Database database = open("jdbc:h2:file:" + dir.resolve("db") + ";CACHE_SIZE=32768;WRITE_DELAY=200");
        try {
            assertEquals("32768", setting(database, "CACHE_SIZE"));
            assertEquals("200", setting(database, "WRITE_DELAY"));
        } finally {
            database.stop();
        }
    }

    private static Database open(String url) throws Exception {
        Database database = new Database(new KeysConfig(url, "", "", 30, "", 30, "", 100, 100, 0, 100));
        database.open();
        return database;
    }

    private static String setting(Database database, String name) throws Exception {
        return value(database, "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = '" + name
                + "'");
    }

    /** The first row's first column, as text; null without a row. */
    private static String value(Database database, String sql) throws Exception {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery(sql)) {
            return r.next() ? r.getString(1) : null;
        }
    }
}

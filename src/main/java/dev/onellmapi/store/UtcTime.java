package dev.onellmapi.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** Times go into the database as UTC wall-clock values (TIMESTAMP without zone): the same on every instance and JVM. */
final class UtcTime {
    private UtcTime() {
    }

    static void set(PreparedStatement s, int index, Instant time) throws SQLException {
        if (time == null) {
            s.setNull(index, Types.TIMESTAMP);
        } else {
            s.setObject(index, LocalDateTime.ofInstant(time, ZoneOffset.UTC));
        }
    }

    static Instant get(ResultSet r, String column) throws SQLException {
        LocalDateTime time = r.getObject(column, LocalDateTime.class);
        return time == null ? null : time.toInstant(ZoneOffset.UTC);
    }
}

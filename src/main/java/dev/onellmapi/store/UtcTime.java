package dev.onellmapi.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Times go into the database as UTC wall-clock values (TIMESTAMP without zone): the same on every instance and JVM.
 * Converted from the epoch seconds: LocalDateTime.ofInstant builds the offset's ZoneRules on every call (4 % of the
 * ledger writer's time, a row at a time).
 */
final class UtcTime {
    private UtcTime() {
    }

    static void set(PreparedStatement s, int index, Instant time) throws SQLException {
        if (time == null) {
            s.setNull(index, Types.TIMESTAMP);
        } else {
            s.setObject(index, LocalDateTime.ofEpochSecond(time.getEpochSecond(), time.getNano(), ZoneOffset.UTC));
        }
    }

    /** The UTC date of {@code time} (the ledger's created_day). */
    static LocalDate day(Instant time) {
        return LocalDate.ofEpochDay(Math.floorDiv(time.getEpochSecond(), 86_400));
    }

    static Instant get(ResultSet r, String column) throws SQLException {
        LocalDateTime time = r.getObject(column, LocalDateTime.class);
        return time == null ? null : time.toInstant(ZoneOffset.UTC);
    }
}

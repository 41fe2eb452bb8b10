package dev.onellmapi.admin;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** ISO-8601 times and dates of the admin API; a date is a UTC day, and as an upper bound the whole of that day. */
final class AdminTimes {
    private AdminTimes() {
    }

    /** The years a database column holds on H2 and PostgreSQL alike: 0001 to 9999 (a day's end may be 10000-01-01). */
    private static final Instant FIRST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LAST = Instant.parse("+10000-01-01T00:00:00Z");

    /**
     * Null when the text is neither, or outside the years 0001 to 9999. {@code endOfDay}: a date means the start of
     * the next day.
     */
    static Instant parse(String text, boolean endOfDay) {
        try {
            Instant time = parseAny(text, endOfDay);
            return time == null || time.isBefore(FIRST) || time.isAfter(LAST) ? null : time;
        } catch (DateTimeException outOfRange) { // +999999999-12-31 as an upper bound has no next day
            return null;
        }
    }

    private static Instant parseAny(String text, boolean endOfDay) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notOffset) {
            // next form
        }
        try {
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notLocal) {
            // next form
        }
        try {
            LocalDate day = LocalDate.parse(text);
            return (endOfDay ? day.plusDays(1) : day).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notDate) {
            return null;
        }
    }
}

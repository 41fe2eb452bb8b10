package dev.onellmapi.store;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The ledger's created_day from epoch seconds is the UTC date LocalDateTime.ofInstant gives, on either side of midnight. */
class UtcTimeTest {
    @Test
    void theDayIsTheUtcDateOnEitherSideOfMidnightAndBefore1970() {
        for (String time : new String[] {"2026-12-06T23:59:59.999999999Z", "2026-12-07T00:00:00Z",
                "2024-02-29T12:00:00Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.5Z", "1900-03-01T00:00:01Z"}) {
            Instant instant = Instant.parse(time);
            assertEquals(LocalDateTime.ofInstant(instant, ZoneOffset.UTC).toLocalDate(), UtcTime.day(instant), time);
        }
    }
}

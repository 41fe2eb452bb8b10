package dev.onellmapi.keys;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.temporal.TemporalAdjusters;

/** A key's budget period; every period starts at UTC midnight (weeks on Monday, months on the 1st). */
public enum BudgetPeriod {
    DAILY, WEEKLY, MONTHLY, TOTAL;

    public String id() {
        return name().toLowerCase();
    }

    public static BudgetPeriod of(String id) {
        for (BudgetPeriod p : values()) {
            if (p.id().equals(id)) {
                return p;
            }
        }
        return null;
    }

    /** When the period that holds {@code now} (UTC) began. */
    public LocalDateTime start(LocalDateTime now) {
        LocalDateTime day = now.toLocalDate().atStartOfDay();
        return switch (this) {
            case DAILY -> day;
            case WEEKLY -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTHLY -> day.withDayOfMonth(1);
            case TOTAL -> LocalDateTime.of(1970, 1, 1, 0, 0);
        };
    }
}

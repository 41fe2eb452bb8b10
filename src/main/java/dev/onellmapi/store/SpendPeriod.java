package dev.onellmapi.store;

import java.time.Instant;

/** A key's current budget period: its name (daily, weekly, monthly, total) and when it began (UTC). */
public record SpendPeriod(String period, Instant start) {
}

package dev.onellmapi.limits;

/**
 * A key's budget at admission, in nano-dollars for the shared counters: the room left (the budget minus the spend
 * this instance knows of) and what this request holds of it while in flight.
 */
public record SpendHold(long roomNanos, long nanos) {
}

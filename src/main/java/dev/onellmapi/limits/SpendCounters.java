package dev.onellmapi.limits;

import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each key's spend in its current budget period, in memory, in step with the ledger: what the database
 * held at the last refresh (every instance's rows) plus what this instance spent since and has not written yet.
 * Only the background writer moves money from "not written" to "in the database", on the same thread as the
 * refresh, so nothing is counted twice. A row the full queue had to drop stays counted here. Requests admitted and
 * not yet over hold their estimated cost ({@link #reserve}), so concurrent requests cannot all pass a budget that
 * each alone would have found unspent.
 */
public final class SpendCounters {
    private static final class Spend {
        BigDecimal stored = BigDecimal.ZERO;
        BigDecimal unwritten = BigDecimal.ZERO;
        BigDecimal reserved = BigDecimal.ZERO;
    }

    private final Map<String, Spend> byKey = new ConcurrentHashMap<>();

    public BigDecimal spent(String keyId) {
        Spend spend = byKey.get(keyId);
        if (spend == null) {
            return BigDecimal.ZERO;
        }
        synchronized (spend) {
            return spend.stored.add(spend.unwritten);
        }
    }

    /**
     * Admits one request of a key with a budget when its spend plus what the requests in flight hold is under
     * {@code max}, and then holds {@code estimate} for it until {@link #release}: a burst passes the budget by at most
     * the estimates' error and one request, not by its size.
     */
    public boolean reserve(String keyId, BigDecimal max, BigDecimal estimate) {
        Spend spend = byKey.computeIfAbsent(keyId, k -> new Spend());
        synchronized (spend) {
            if (spend.stored.add(spend.unwritten).add(spend.reserved).compareTo(max) >= 0) {
                return false;
            }
            spend.reserved = spend.reserved.add(estimate);
            return true;
        }
    }

    /** The request that held {@code estimate} is over (its real cost, if any, came in by {@link #spend}). */
    public void release(String keyId, BigDecimal estimate) {
        Spend spend = byKey.get(keyId);
        if (spend == null) {
            return;
        }
        synchronized (spend) {
            spend.reserved = spend.reserved.subtract(estimate);
        }
    }

    /** A model answer of this instance, not yet in the database. */
    public void spend(String keyId, BigDecimal cost) {
        if (cost == null || cost.signum() == 0) {
            return;
        }
        Spend spend = byKey.computeIfAbsent(keyId, k -> new Spend());
        synchronized (spend) {
            spend.unwritten = spend.unwritten.add(cost);
        }
    }

    /** The writer wrote a row of this key. */
    public void written(String keyId, BigDecimal cost) {
        if (cost == null || cost.signum() == 0) {
            return;
        }
        Spend spend = byKey.computeIfAbsent(keyId, k -> new Spend());
        synchronized (spend) {
            spend.unwritten = spend.unwritten.subtract(cost);
            spend.stored = spend.stored.add(cost); // until the next refresh reads it back from the database
        }
    }

    /** The database's spend of the current period, for the keys the refresh asked about (absent: none). */
    public void stored(Iterable<String> keyIds, Map<String, BigDecimal> stored) {
        for (String keyId : keyIds) {
            Spend spend = byKey.computeIfAbsent(keyId, k -> new Spend());
            synchronized (spend) {
                spend.stored = stored.getOrDefault(keyId, BigDecimal.ZERO);
            }
        }
    }
}

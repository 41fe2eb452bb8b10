-- Each key's spend per budget period, a running total the ledger writer keeps in the same transaction as the rows
-- it writes: what every instance reads back every KEYS_REFRESH_SECONDS (instead of summing the ledger), and what
-- keeps a 'total' budget whole when old ledger rows are deleted (USAGE_RETENTION_DAYS).
CREATE TABLE key_spend (
    key_id       VARCHAR(40)     NOT NULL,
    period       VARCHAR(10)     NOT NULL,
    period_start TIMESTAMP       NOT NULL,
    spend_usd    NUMERIC(24, 12) NOT NULL,
    PRIMARY KEY (key_id, period, period_start)
);

-- Virtual keys (issue 15). The key itself is never stored: only its SHA-256 (hex) and a hint for people.
-- A deleted key keeps its row (deleted = TRUE) so every instance's refresh sees the deletion and the ledger's
-- key_id still names something. The same SQL runs on H2 and PostgreSQL.
CREATE TABLE virtual_keys (
    id             VARCHAR(40)    NOT NULL PRIMARY KEY,
    key_hash       VARCHAR(64)    NOT NULL UNIQUE,
    key_hint       VARCHAR(40)    NOT NULL,
    name           VARCHAR(200),
    models         VARCHAR(10000),
    rpm_limit      BIGINT,
    tpm_limit      BIGINT,
    max_budget_usd NUMERIC(20, 6),
    budget_period  VARCHAR(10)    NOT NULL,
    expires_at     TIMESTAMP,
    enabled        BOOLEAN        NOT NULL,
    deleted        BOOLEAN        NOT NULL,
    metadata       VARCHAR(20000),
    created_at     TIMESTAMP      NOT NULL,
    updated_at     TIMESTAMP      NOT NULL
);

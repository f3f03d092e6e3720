-- The token registry and the procedures (as migrations/sqlite/0002).
CREATE TABLE tokens (
    serial               TEXT PRIMARY KEY NOT NULL,
    secret               BYTEA NOT NULL,
    algorithm            TEXT NOT NULL CHECK (algorithm IN ('SHA1', 'SHA256', 'SHA512')),
    digits               BIGINT NOT NULL CHECK (digits BETWEEN 6 AND 8),
    period               BIGINT NOT NULL CHECK (period BETWEEN 10 AND 300),
    status               TEXT NOT NULL DEFAULT 'available'
                         CHECK (status IN ('available', 'active', 'retired', 'revoked')),
    contract_id          TEXT REFERENCES customers(contract_id),
    provisioned_at       BIGINT NOT NULL,
    activated_at         BIGINT,
    retired_at           BIGINT,
    last_used_at         BIGINT,
    last_step            BIGINT,
    consecutive_failures BIGINT NOT NULL DEFAULT 0,
    locked_at            BIGINT,
    CHECK (status <> 'active' OR contract_id IS NOT NULL)
);
CREATE UNIQUE INDEX one_active_token_per_contract ON tokens(contract_id) WHERE status = 'active';

CREATE TABLE procedures (
    id           TEXT PRIMARY KEY NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('activate', 'exchange', 'stop')),
    contract_id  TEXT NOT NULL REFERENCES customers(contract_id),
    browser_hash TEXT NOT NULL,
    step         TEXT NOT NULL
                 CHECK (step IN ('current_token', 'new_token', 'confirm', 'completed', 'cancelled')),
    old_serial   TEXT REFERENCES tokens(serial),
    new_serial   TEXT REFERENCES tokens(serial),
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX procedures_by_contract ON procedures(contract_id, step);

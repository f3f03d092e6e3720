-- The token registry: every serial the bank provisioned, with its TOTP seed and parameters.
-- status: available (provisioned, unassigned) → active (a contract's token) → retired
-- (exchanged or stopped); revoked (withdrawn by the bank) at any point.
CREATE TABLE tokens (
    serial               TEXT PRIMARY KEY NOT NULL,
    secret               BLOB NOT NULL,
    algorithm            TEXT NOT NULL CHECK (algorithm IN ('SHA1', 'SHA256', 'SHA512')),
    digits               INTEGER NOT NULL CHECK (digits BETWEEN 6 AND 8),
    period               INTEGER NOT NULL CHECK (period BETWEEN 10 AND 300),
    status               TEXT NOT NULL DEFAULT 'available'
                         CHECK (status IN ('available', 'active', 'retired', 'revoked')),
    contract_id          TEXT REFERENCES customers(contract_id),
    provisioned_at       INTEGER NOT NULL,
    activated_at         INTEGER,
    retired_at           INTEGER,
    last_used_at         INTEGER,
    last_step            INTEGER,          -- the last accepted TOTP step: the replay guard
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    locked_at            INTEGER,
    CHECK (status <> 'active' OR contract_id IS NOT NULL)
) STRICT;
-- One active token per contract, whatever the code above does.
CREATE UNIQUE INDEX one_active_token_per_contract ON tokens(contract_id) WHERE status = 'active';

-- 利用開始・交換・利用中止 in progress. Bound to the browser that started it through the hash of
-- a cookie only that browser holds.
CREATE TABLE procedures (
    id           TEXT PRIMARY KEY NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('activate', 'exchange', 'stop')),
    contract_id  TEXT NOT NULL REFERENCES customers(contract_id),
    browser_hash TEXT NOT NULL,
    step         TEXT NOT NULL
                 CHECK (step IN ('current_token', 'new_token', 'confirm', 'completed', 'cancelled')),
    old_serial   TEXT REFERENCES tokens(serial),   -- the active token when it started
    new_serial   TEXT REFERENCES tokens(serial),   -- the token registered at completion
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX procedures_by_contract ON procedures(contract_id, step);

-- Customers of the bank: one row per contract.
CREATE TABLE customers (
    contract_id   TEXT PRIMARY KEY NOT NULL,
    name          TEXT NOT NULL,
    password_hash TEXT NOT NULL,          -- argon2id PHC string
    created_at    INTEGER NOT NULL        -- unix seconds
) STRICT;

-- Consecutive wrong passwords per contract ID, kept for unknown IDs too, so that a lock
-- (and the answer to it) reveals nothing about whether a contract exists.
CREATE TABLE login_attempts (
    contract_id          TEXT PRIMARY KEY NOT NULL,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    locked_at            INTEGER
) STRICT;

-- Browser sessions. Only a SHA-256 of the cookie's value is stored.
CREATE TABLE sessions (
    id_hash       TEXT PRIMARY KEY NOT NULL,
    contract_id   TEXT NOT NULL REFERENCES customers(contract_id) ON DELETE CASCADE,
    created_at    INTEGER NOT NULL,
    last_seen_at  INTEGER NOT NULL,
    authenticated INTEGER NOT NULL        -- 0 while a login still waits for its OTP
) STRICT;
CREATE INDEX sessions_by_contract ON sessions(contract_id);

-- Every security event, append-only.
CREATE TABLE audit (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          INTEGER NOT NULL,
    contract_id TEXT,
    client_addr TEXT,
    event       TEXT NOT NULL,
    outcome     TEXT NOT NULL,
    detail      TEXT
) STRICT;
CREATE INDEX audit_by_contract ON audit(contract_id, at);

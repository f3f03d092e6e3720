-- Passkeys (WebAuthn) beside the token. A contract's WebAuthn user handle is a random UUID,
-- never its contract ID (the authenticator may show or sync it). A passkey row keeps
-- webauthn-rs's credential as JSON (its public key, signature counter and backup flags) and,
-- beside it, the columns the API lists and the database keeps unique.
CREATE TABLE passkey_users (
    contract_id TEXT PRIMARY KEY NOT NULL REFERENCES customers(contract_id) ON DELETE CASCADE,
    user_handle TEXT NOT NULL UNIQUE
) STRICT;

CREATE TABLE passkeys (
    id              TEXT PRIMARY KEY NOT NULL,
    contract_id     TEXT NOT NULL REFERENCES customers(contract_id) ON DELETE CASCADE,
    credential_id   TEXT NOT NULL UNIQUE,          -- base64url, as the browser names it
    name            TEXT NOT NULL,
    credential      TEXT NOT NULL,                 -- webauthn-rs's Passkey (JSON)
    sign_count      INTEGER NOT NULL,
    backup_eligible INTEGER NOT NULL,              -- 1: a synced (multi-device) passkey
    created_at      INTEGER NOT NULL,
    last_used_at    INTEGER
) STRICT;
CREATE INDEX passkeys_by_contract ON passkeys(contract_id, created_at);

-- A WebAuthn ceremony between its challenge and its answer, so that any instance can finish
-- what another began. id_hash: SHA-256 of the id the browser holds; bound_to: the session's
-- id hash (register, confirm) or the procedure's id; state: webauthn-rs's ceremony state
-- (JSON). Taken (deleted) by the answer: a challenge answers once.
CREATE TABLE passkey_ceremonies (
    id_hash     TEXT PRIMARY KEY NOT NULL,
    purpose     TEXT NOT NULL CHECK (purpose IN ('login', 'register', 'confirm', 'procedure')),
    contract_id TEXT,
    bound_to    TEXT,
    state       TEXT NOT NULL,
    expires_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX passkey_ceremonies_by_expiry ON passkey_ceremonies(expires_at);

-- How the session was last proven (otp, passkey) and when: a fresh proof for factor changes.
ALTER TABLE sessions ADD COLUMN proof TEXT CHECK (proof IN ('otp', 'passkey'));
ALTER TABLE sessions ADD COLUMN proof_at INTEGER;

-- Procedures gain how they are proven and the passkey step: SQLite changes a CHECK only by
-- rebuilding the table (nothing refers to procedures).
CREATE TABLE procedures_v5 (
    id           TEXT PRIMARY KEY NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('activate', 'exchange', 'stop')),
    contract_id  TEXT NOT NULL REFERENCES customers(contract_id),
    browser_hash TEXT NOT NULL,
    step         TEXT NOT NULL
                 CHECK (step IN ('current_token', 'passkey', 'new_token', 'confirm', 'completed',
                                 'cancelled')),
    old_serial   TEXT REFERENCES tokens(serial),
    new_serial   TEXT REFERENCES tokens(serial),
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    otp_failures INTEGER NOT NULL DEFAULT 0,
    ended_reason TEXT,
    proof        TEXT NOT NULL DEFAULT 'otp' CHECK (proof IN ('otp', 'passkey'))
) STRICT;
INSERT INTO procedures_v5 (id, kind, contract_id, browser_hash, step, old_serial, new_serial,
                           created_at, expires_at, updated_at, otp_failures, ended_reason)
    SELECT id, kind, contract_id, browser_hash, step, old_serial, new_serial,
           created_at, expires_at, updated_at, otp_failures, ended_reason
    FROM procedures;
DROP TABLE procedures;
ALTER TABLE procedures_v5 RENAME TO procedures;
CREATE INDEX procedures_by_contract ON procedures(contract_id, step);
CREATE INDEX procedures_by_browser ON procedures(browser_hash, step);

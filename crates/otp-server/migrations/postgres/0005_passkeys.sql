-- Passkeys (WebAuthn) beside the token. A contract's WebAuthn user handle is a random UUID,
-- never its contract ID (the authenticator may show or sync it). A passkey row keeps
-- webauthn-rs's credential as JSON (its public key, signature counter and backup flags) and,
-- beside it, the columns the API lists and the database keeps unique.
CREATE TABLE passkey_users (
    contract_id TEXT PRIMARY KEY NOT NULL REFERENCES customers(contract_id) ON DELETE CASCADE,
    user_handle TEXT NOT NULL UNIQUE
);

CREATE TABLE passkeys (
    id              TEXT PRIMARY KEY NOT NULL,
    contract_id     TEXT NOT NULL REFERENCES customers(contract_id) ON DELETE CASCADE,
    credential_id   TEXT NOT NULL UNIQUE,          -- base64url, as the browser names it
    name            TEXT NOT NULL,
    credential      TEXT NOT NULL,                 -- webauthn-rs's Passkey (JSON)
    sign_count      BIGINT NOT NULL,
    backup_eligible BIGINT NOT NULL,               -- 1: a synced (multi-device) passkey
    created_at      BIGINT NOT NULL,
    last_used_at    BIGINT
);
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
    expires_at  BIGINT NOT NULL
);
CREATE INDEX passkey_ceremonies_by_expiry ON passkey_ceremonies(expires_at);

-- How the session was last proven (otp, passkey) and when: a fresh proof for factor changes.
ALTER TABLE sessions ADD COLUMN proof TEXT CHECK (proof IN ('otp', 'passkey'));
ALTER TABLE sessions ADD COLUMN proof_at BIGINT;

-- Procedures gain how they are proven and the passkey step.
ALTER TABLE procedures ADD COLUMN proof TEXT NOT NULL DEFAULT 'otp'
    CHECK (proof IN ('otp', 'passkey'));
ALTER TABLE procedures DROP CONSTRAINT procedures_step_check;
ALTER TABLE procedures ADD CONSTRAINT procedures_step_check
    CHECK (step IN ('current_token', 'passkey', 'new_token', 'confirm', 'completed', 'cancelled'));

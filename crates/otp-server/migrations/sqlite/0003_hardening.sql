-- What the database was created for: key 'purpose', value 'demo' or 'production' (set by the
-- first `serve`; a demo database never serves without --demo, nor a real one with it).
CREATE TABLE meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;

-- An attempt takes a slot before the password is hashed: pending counts the attempts being
-- judged (pending_at: the latest claim; a count older than a minute is a crashed process's and
-- no longer holds slots), so that consecutive_failures + pending never passes the threshold.
-- Temporary locks (security.lockout = "temporary"): until when, and how many locks so far.
ALTER TABLE login_attempts ADD COLUMN pending INTEGER NOT NULL DEFAULT 0;
ALTER TABLE login_attempts ADD COLUMN pending_at INTEGER;
ALTER TABLE login_attempts ADD COLUMN locked_until INTEGER;
ALTER TABLE login_attempts ADD COLUMN lock_count INTEGER NOT NULL DEFAULT 0;

-- Leaky buckets of the throttle, one per key ('fail:addr:203.0.113.9', 'start:contract:…').
-- level leaks at the key's rate from updated_at on; empty_at is when it reaches 0 (and the row
-- can go).
CREATE TABLE throttle (
    key        TEXT PRIMARY KEY NOT NULL,
    level      REAL NOT NULL,
    updated_at INTEGER NOT NULL,
    empty_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX throttle_by_empty_at ON throttle(empty_at);

-- The same slots for the one-time passwords of a registered token.
ALTER TABLE tokens ADD COLUMN pending INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tokens ADD COLUMN pending_at INTEGER;

-- Token secrets are sealed with AES-256-GCM: secret = nonce ‖ ciphertext ‖ tag, under the key
-- secret_key_id of the key file (NULL: a secret from before sealing, sealed at the next start).
ALTER TABLE tokens ADD COLUMN secret_key_id INTEGER;

-- Wrong codes for the new token count against the procedure (never lock an unassigned token);
-- ended_reason says why a procedure was cancelled by the server ('otp_attempts').
ALTER TABLE procedures ADD COLUMN otp_failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE procedures ADD COLUMN ended_reason TEXT;
CREATE INDEX procedures_by_browser ON procedures(browser_hash, step);

-- Who acted: NULL for a customer's request, 'operator:<OS user>' for an operator command.
ALTER TABLE audit ADD COLUMN actor TEXT;

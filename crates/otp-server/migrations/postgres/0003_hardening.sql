-- Locks decided before the hash, the throttle, sealed secrets, the database's purpose (as
-- migrations/sqlite/0003).
CREATE TABLE meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);

ALTER TABLE login_attempts ADD COLUMN pending BIGINT NOT NULL DEFAULT 0;
ALTER TABLE login_attempts ADD COLUMN pending_at BIGINT;
ALTER TABLE login_attempts ADD COLUMN locked_until BIGINT;
ALTER TABLE login_attempts ADD COLUMN lock_count BIGINT NOT NULL DEFAULT 0;

CREATE TABLE throttle (
    key        TEXT PRIMARY KEY NOT NULL,
    level      DOUBLE PRECISION NOT NULL,
    updated_at BIGINT NOT NULL,
    empty_at   BIGINT NOT NULL
);
CREATE INDEX throttle_by_empty_at ON throttle(empty_at);

ALTER TABLE tokens ADD COLUMN pending BIGINT NOT NULL DEFAULT 0;
ALTER TABLE tokens ADD COLUMN pending_at BIGINT;
ALTER TABLE tokens ADD COLUMN secret_key_id BIGINT;

ALTER TABLE procedures ADD COLUMN otp_failures BIGINT NOT NULL DEFAULT 0;
ALTER TABLE procedures ADD COLUMN ended_reason TEXT;
CREATE INDEX procedures_by_browser ON procedures(browser_hash, step);

ALTER TABLE audit ADD COLUMN actor TEXT;

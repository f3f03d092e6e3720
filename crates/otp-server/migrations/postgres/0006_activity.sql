-- What the customer sees of the account's use (前回ログイン, ご利用履歴, 「心当たりがない」).
--
-- The audit row keeps the browser's and the operating system's family, parsed from the
-- User-Agent when the row is written (never the header itself).
ALTER TABLE audit ADD COLUMN browser TEXT;
ALTER TABLE audit ADD COLUMN os TEXT;

-- The last completed login of a contract, how (password_otp, passkey, password), and the
-- newest of the contract's audit rows then (the failures after it are those since that login).
ALTER TABLE customers ADD COLUMN last_login_at BIGINT;
ALTER TABLE customers ADD COLUMN last_login_factor TEXT;
ALTER TABLE customers ADD COLUMN last_login_audit_id BIGINT;

-- What a session's home shows, fixed when its login completed: the login before it and the
-- wrong passwords and one-time passwords since that one.
ALTER TABLE sessions ADD COLUMN previous_login_at BIGINT;
ALTER TABLE sessions ADD COLUMN previous_login_factor TEXT;
ALTER TABLE sessions ADD COLUMN failed_passwords BIGINT NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN failed_otps BIGINT NOT NULL DEFAULT 0;

-- A procedure whose time ran out is written to the audit once (by the sweep).
ALTER TABLE procedures ADD COLUMN expiry_audited BIGINT NOT NULL DEFAULT 0;
CREATE INDEX procedures_by_expiry ON procedures(expires_at);

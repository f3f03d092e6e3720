-- Notices to the customer (the bank's mailer sends them): one row per token registration,
-- exchange, stop, revocation and lock, written in the transaction of the change. Serials are
-- stored masked (VSST****5678): a notice never carries a whole one. taken_at: when the mailer
-- acknowledged it (`otp-server notifications ack`); NULL while it waits.
CREATE TABLE notifications (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          INTEGER NOT NULL,
    contract_id TEXT NOT NULL,
    event       TEXT NOT NULL,
    old_serial  TEXT,
    new_serial  TEXT,
    taken_at    INTEGER
) STRICT;
CREATE INDEX notifications_waiting ON notifications(taken_at, id);

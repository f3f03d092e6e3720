-- What an audit row is about (a serial, a procedure's kind, a passkey's ID, a key's number, a
-- throttle's bucket) gets its own column; the outcome keeps only what came of it: `ok`, one of
-- the contract's error codes, or one of the server's few other names (`Outcome`).
ALTER TABLE audit ADD COLUMN subject TEXT;

-- Rows written before: the subject was the outcome, or part of it.
UPDATE audit SET subject = outcome, outcome = 'rate_limited' WHERE event = 'throttled';
UPDATE audit SET subject = substr(outcome, 5), outcome = 'ok'
  WHERE event = 'key_rotated' AND outcome LIKE 'key %';
UPDATE audit SET subject = substr(outcome, 13), outcome = 'otp_invalid'
  WHERE outcome LIKE 'otp\_invalid %' ESCAPE '\';
UPDATE audit SET subject = substr(outcome, 1, length(outcome) - 9), outcome = 'unlocked'
  WHERE event = 'unlock' AND outcome LIKE '% unlocked';
UPDATE audit SET subject = substr(outcome, 1, length(outcome) - 15), outcome = 'nothing_locked'
  WHERE event = 'unlock' AND outcome LIKE '% nothing\_locked' ESCAPE '\';
-- A serial, a procedure's kind or a passkey's ID where a change was made; these events'
-- refusals were already their codes.
UPDATE audit SET subject = outcome, outcome = 'ok'
  WHERE event IN ('token_registered', 'token_released', 'token_provisioned', 'token_revoked',
                  'procedure_completed', 'procedure_expired')
     OR (event = 'procedure_start' AND outcome IN ('activate', 'exchange', 'stop'))
     OR (event IN ('passkey_added', 'passkey_renamed', 'passkey_removed')
         AND outcome NOT IN (
          -- every name an outcome has (no passkey ID is one of them)
          'ok', 'otp_required', 'locked', 'unlocked',
          'nothing_locked', 'refused', 'possible_clone', 'passkey',
          'otp', 'session_limit', 'token_changed', 'token_revoked',
          'logout', 'customer_reported', 'otp_attempts',
          'malformed_request', 'validation', 'invalid_credentials',
          'otp_invalid', 'unauthenticated', 'session_expired',
          'forbidden_origin', 'misdirected_request',
          'procedure_not_found', 'not_found', 'method_not_allowed',
          'no_active_token', 'token_already_active',
          'serial_unavailable', 'step_out_of_order',
          'procedure_superseded', 'procedure_expired',
          'procedure_attempts_exceeded', 'passkey_invalid',
          'passkey_expired', 'confirmation_required',
          'passkey_required', 'passkey_limit',
          'passkey_already_registered', 'passkey_not_found',
          'payload_too_large', 'unsupported_media_type',
          'serial_unknown', 'account_locked', 'token_locked',
          'rate_limited', 'internal', 'service_unavailable', 'unknown'));

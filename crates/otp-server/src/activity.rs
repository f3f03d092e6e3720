//! The customer's activity (ご利用履歴) from the audit trail: which audit rows the customer
//! sees and as what, with the client's address masked and serials masked. Plain functions,
//! tested here; the route only reads the rows and pages them.

use std::net::IpAddr;

use otp_api::activity::{ActivityEvent, ActivityKind, LoginFactor};
use otp_api::problem::ErrorCode;
use otp_api::procedure::ProcedureKind;
use otp_api::session::mask_serial;

use crate::store::{AuditEntry, AuditEvent};

/// The client's address as the customer sees it: an IPv4 address without its last part
/// (`203.0.113.xxx`), an IPv6 address to its /48 (`2001:db8:1::/48`); nothing for an unknown
/// one. Enough to tell "my home" from "abroad", not to find a household.
pub fn mask_address(addr: &str) -> Option<String> {
    match addr.parse::<IpAddr>().ok()? {
        IpAddr::V4(v4) => {
            let [a, b, c, _] = v4.octets();
            Some(format!("{a}.{b}.{c}.xxx"))
        }
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => mask_address(&v4.to_string()),
            None => {
                let s = v6.segments();
                Some(format!("{:x}:{:x}:{:x}::/48", s[0], s[1], s[2]))
            }
        },
    }
}

/// Whether an outcome is a refusal's code (the row records a failure, not a change).
fn refused(outcome: &str) -> bool {
    outcome.split(' ').next().is_some_and(|word| {
        <ErrorCode as strum::IntoEnumIterator>::iter().any(|code| code.as_str() == word)
    })
}

/// What the customer sees of one audit row (`None`: nothing; the row is the bank's alone).
pub fn event(row: &AuditEntry) -> Option<ActivityEvent> {
    use ActivityKind as K;
    let outcome = row.outcome.as_str();
    let by_bank = row.actor.is_some();
    let mut factor = None;
    let mut procedure = None;
    let mut serial = None;
    let kind = match AuditEvent::parse(&row.event)? {
        AuditEvent::Login => match outcome {
            "ok" => {
                factor = Some(LoginFactor::Password);
                K::LoginSucceeded
            }
            "otp_required" => K::PasswordAccepted,
            "invalid_credentials" => K::LoginFailedPassword,
            "account_locked" | "token_locked" => K::LoginRefusedLocked,
            _ => return None,
        },
        AuditEvent::LoginOtp => match outcome {
            "ok" => {
                factor = Some(LoginFactor::PasswordOtp);
                K::LoginSucceeded
            }
            "otp_invalid" => K::LoginFailedOtp,
            "token_locked" => K::LoginRefusedLocked,
            _ => return None,
        },
        AuditEvent::LoginPasskey => match outcome {
            "ok" => {
                factor = Some(LoginFactor::Passkey);
                K::LoginSucceeded
            }
            "account_locked" => K::LoginRefusedLocked,
            "rate_limited" => return None,
            _ => K::LoginFailedPasskey,
        },
        AuditEvent::Logout => K::Logout,
        AuditEvent::ProcedureStart => match ProcedureKind::parse(outcome) {
            Some(kind) => {
                procedure = Some(kind);
                K::ProcedureStarted
            }
            None if checked_and_wrong(outcome) => K::ProcedureCheckFailed,
            None => return None,
        },
        AuditEvent::ProcedureCurrentToken
        | AuditEvent::ProcedureNewToken
        | AuditEvent::ProcedurePasskey
            if checked_and_wrong(outcome) =>
        {
            K::ProcedureCheckFailed
        }
        AuditEvent::ProcedureCompleted => {
            procedure = Some(ProcedureKind::parse(outcome)?);
            K::ProcedureCompleted
        }
        AuditEvent::ProcedureExpired => {
            procedure = Some(ProcedureKind::parse(outcome)?);
            K::ProcedureExpired
        }
        AuditEvent::ProcedureCancel => K::ProcedureCancelled,
        AuditEvent::ProcedureEnded => K::ProcedureEnded,
        AuditEvent::TokenRegistered | AuditEvent::TokenProvisioned => {
            serial = Some(mask_serial(outcome));
            match by_bank {
                true => K::TokenProvisionedByBank,
                false => K::TokenRegistered,
            }
        }
        AuditEvent::TokenReleased => {
            serial = Some(mask_serial(outcome));
            K::TokenReleased
        }
        AuditEvent::TokenRevoked => {
            serial = Some(mask_serial(outcome));
            K::TokenRevokedByBank
        }
        AuditEvent::PasskeyAdded if !refused(outcome) => K::PasskeyAdded,
        AuditEvent::PasskeyRenamed if !refused(outcome) => K::PasskeyRenamed,
        AuditEvent::PasskeyRemoved if !refused(outcome) => K::PasskeyRemoved,
        AuditEvent::AccountLocked => K::AccountLocked,
        AuditEvent::TokenLocked => K::TokenLocked,
        AuditEvent::Unlock => K::UnlockedByBank,
        AuditEvent::SessionsEnded => match outcome {
            "session_limit" => K::SessionsEndedLimit,
            _ => K::SessionsEnded,
        },
        AuditEvent::CustomerReported => K::CustomerReported,
        _ => return None,
    };
    let from_browser = !by_bank;
    Some(ActivityEvent {
        at: row.at,
        kind,
        factor,
        procedure,
        serial_masked: serial,
        browser: row.browser.clone().filter(|_| from_browser),
        os: row.os.clone().filter(|_| from_browser),
        address: row.client_addr.as_deref().and_then(mask_address),
        by_bank,
    })
}

/// Whether an outcome is a wrong password, code or passkey (a check the customer failed).
fn checked_and_wrong(outcome: &str) -> bool {
    matches!(
        outcome.split(' ').next(),
        Some("invalid_credentials" | "otp_invalid" | "passkey_invalid")
    )
}

#[cfg(test)]
mod tests {
    use strum::IntoEnumIterator;

    use super::*;

    fn row(event: AuditEvent, outcome: &str) -> AuditEntry {
        AuditEntry {
            at: 1_700_000_000,
            contract_id: Some("12345678".into()),
            client_addr: Some("203.0.113.57".into()),
            event: event.as_str().into(),
            outcome: outcome.into(),
            actor: None,
            browser: Some("Safari".into()),
            os: Some("iOS".into()),
        }
    }

    fn kind(event: AuditEvent, outcome: &str) -> Option<ActivityKind> {
        super::event(&row(event, outcome)).map(|e| e.kind)
    }

    #[test]
    fn addresses_are_masked_to_the_network() {
        assert_eq!(mask_address("203.0.113.57").unwrap(), "203.0.113.xxx");
        assert_eq!(
            mask_address("2001:db8:1:2:3:4:5:6").unwrap(),
            "2001:db8:1::/48"
        );
        assert_eq!(
            mask_address("::ffff:198.51.100.7").unwrap(),
            "198.51.100.xxx"
        );
        assert_eq!(mask_address("unknown"), None);
    }

    #[test]
    fn logins_say_how_and_failures_say_which_answer_was_wrong() {
        use ActivityKind as K;
        let ok = event(&row(AuditEvent::LoginOtp, "ok")).unwrap();
        assert_eq!(
            (ok.kind, ok.factor),
            (K::LoginSucceeded, Some(LoginFactor::PasswordOtp))
        );
        assert_eq!(ok.address.as_deref(), Some("203.0.113.xxx"));
        assert_eq!(ok.browser.as_deref(), Some("Safari"));
        let passkey = event(&row(AuditEvent::LoginPasskey, "ok")).unwrap();
        assert_eq!(passkey.factor, Some(LoginFactor::Passkey));
        let password = event(&row(AuditEvent::Login, "ok")).unwrap();
        assert_eq!(password.factor, Some(LoginFactor::Password));
        assert_eq!(
            kind(AuditEvent::Login, "otp_required"),
            Some(K::PasswordAccepted)
        );
        assert_eq!(
            kind(AuditEvent::Login, "invalid_credentials"),
            Some(K::LoginFailedPassword)
        );
        assert_eq!(
            kind(AuditEvent::LoginOtp, "otp_invalid"),
            Some(K::LoginFailedOtp)
        );
        assert_eq!(
            kind(AuditEvent::Login, "account_locked"),
            Some(K::LoginRefusedLocked)
        );
        assert_eq!(kind(AuditEvent::Login, "rate_limited"), None);
    }

    #[test]
    fn procedures_and_token_changes_mask_serials_and_hide_codes() {
        use ActivityKind as K;
        let started = event(&row(AuditEvent::ProcedureStart, "exchange")).unwrap();
        assert_eq!(
            (started.kind, started.procedure),
            (K::ProcedureStarted, Some(ProcedureKind::Exchange))
        );
        assert_eq!(
            kind(AuditEvent::ProcedureNewToken, "otp_invalid VSST12345678"),
            Some(K::ProcedureCheckFailed)
        );
        assert_eq!(kind(AuditEvent::ProcedureNewToken, "ok"), None);
        assert_eq!(kind(AuditEvent::ProcedureStart, "rate_limited"), None);
        let registered = event(&row(AuditEvent::TokenRegistered, "VSST12345678")).unwrap();
        assert_eq!(registered.serial_masked.as_deref(), Some("VSST****5678"));
        assert_eq!(kind(AuditEvent::PasskeyAdded, "passkey_invalid"), None);
        assert_eq!(kind(AuditEvent::PasskeyAdded, "Zx9"), Some(K::PasskeyAdded));
        assert_eq!(
            kind(AuditEvent::SessionsEnded, "session_limit"),
            Some(K::SessionsEndedLimit)
        );
        assert_eq!(
            kind(AuditEvent::SessionsEnded, "customer_reported"),
            Some(K::SessionsEnded)
        );
    }

    #[test]
    fn the_banks_actions_carry_no_browser_and_the_banks_own_rows_are_not_shown() {
        let mut revoked = row(AuditEvent::TokenRevoked, "VSST12345678");
        revoked.actor = Some("operator:alice".into());
        revoked.client_addr = None;
        let shown = event(&revoked).unwrap();
        assert!(shown.by_bank);
        assert_eq!((shown.browser, shown.os, shown.address), (None, None, None));
        for hidden in [
            AuditEvent::Throttled,
            AuditEvent::KeyRotated,
            AuditEvent::CustomerAdded,
            AuditEvent::OtpReplay,
            AuditEvent::SessionConfirm,
        ] {
            assert_eq!(kind(hidden, "ok"), None, "{hidden:?}");
        }
    }

    #[test]
    fn every_wire_kind_is_reachable_from_some_audit_row() {
        let mut seen = std::collections::HashSet::new();
        for e in AuditEvent::iter() {
            for outcome in [
                "ok",
                "otp_required",
                "invalid_credentials",
                "otp_invalid",
                "account_locked",
                "passkey_invalid",
                "exchange",
                "session_limit",
                "token_changed",
                "VSST12345678",
            ] {
                let mut r = row(e, outcome);
                if e == AuditEvent::TokenProvisioned {
                    r.actor = Some("operator:x".into());
                }
                if let Some(shown) = event(&r) {
                    seen.insert(shown.kind);
                }
            }
        }
        for kind in ActivityKind::iter() {
            assert!(seen.contains(&kind), "{kind:?} never shown");
        }
    }
}

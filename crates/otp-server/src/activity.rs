//! The customer's activity (ご利用履歴) from the audit trail: which audit rows the customer
//! sees and as what, with the client's address masked and serials masked. Plain functions,
//! tested here; the route only reads the rows and pages them.

use std::net::IpAddr;

use otp_api::activity::{ActivityEvent, ActivityKind, LoginFactor};
use otp_api::problem::ErrorCode;
use otp_api::procedure::ProcedureKind;
use otp_api::session::mask_serial;

use crate::store::{AuditEntry, AuditEvent, Outcome};

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

/// What the customer sees of one audit row (`None`: nothing; the row is the bank's alone).
pub fn event(row: &AuditEntry) -> Option<ActivityEvent> {
    use ActivityKind as K;
    use ErrorCode as E;
    use Outcome as O;
    let outcome = row.outcome;
    let subject = row.subject.as_deref();
    let refused = matches!(outcome, O::Code(_) | O::PossibleClone);
    let by_bank = row.actor.is_some();
    let mut factor = None;
    let mut procedure = None;
    let mut serial = None;
    let kind = match row.event {
        AuditEvent::Login => match outcome {
            O::Ok => {
                factor = Some(LoginFactor::Password);
                K::LoginSucceeded
            }
            O::OtpRequired => K::PasswordAccepted,
            O::Code(E::InvalidCredentials) => K::LoginFailedPassword,
            O::Code(E::AccountLocked | E::TokenLocked) => K::LoginRefusedLocked,
            _ => return None,
        },
        AuditEvent::LoginOtp => match outcome {
            O::Ok => {
                factor = Some(LoginFactor::PasswordOtp);
                K::LoginSucceeded
            }
            O::Code(E::OtpInvalid) => K::LoginFailedOtp,
            O::Code(E::TokenLocked) => K::LoginRefusedLocked,
            _ => return None,
        },
        AuditEvent::LoginPasskey => match outcome {
            O::Ok => {
                factor = Some(LoginFactor::Passkey);
                K::LoginSucceeded
            }
            O::Code(E::AccountLocked) => K::LoginRefusedLocked,
            O::Code(E::RateLimited) => return None,
            _ => K::LoginFailedPasskey,
        },
        AuditEvent::Logout => K::Logout,
        AuditEvent::ProcedureStart if outcome == O::Ok => {
            procedure = Some(ProcedureKind::parse(subject?)?);
            K::ProcedureStarted
        }
        AuditEvent::ProcedureStart
        | AuditEvent::ProcedureCurrentToken
        | AuditEvent::ProcedureNewToken
        | AuditEvent::ProcedurePasskey
            if outcome.checked_and_wrong() =>
        {
            K::ProcedureCheckFailed
        }
        AuditEvent::ProcedureCompleted => {
            procedure = Some(ProcedureKind::parse(subject?)?);
            K::ProcedureCompleted
        }
        AuditEvent::ProcedureExpired => {
            procedure = Some(ProcedureKind::parse(subject?)?);
            K::ProcedureExpired
        }
        AuditEvent::ProcedureCancel => K::ProcedureCancelled,
        AuditEvent::ProcedureEnded => K::ProcedureEnded,
        AuditEvent::TokenRegistered | AuditEvent::TokenProvisioned => {
            serial = Some(mask_serial(subject?));
            match by_bank {
                true => K::TokenProvisionedByBank,
                false => K::TokenRegistered,
            }
        }
        AuditEvent::TokenReleased => {
            serial = Some(mask_serial(subject?));
            K::TokenReleased
        }
        AuditEvent::TokenRevoked => {
            serial = Some(mask_serial(subject?));
            K::TokenRevokedByBank
        }
        AuditEvent::PasskeyAdded if !refused => K::PasskeyAdded,
        AuditEvent::PasskeyRenamed if !refused => K::PasskeyRenamed,
        AuditEvent::PasskeyRemoved if !refused => K::PasskeyRemoved,
        AuditEvent::AccountLocked => K::AccountLocked,
        AuditEvent::TokenLocked => K::TokenLocked,
        AuditEvent::Unlock => K::UnlockedByBank,
        AuditEvent::SessionsEnded => match outcome {
            O::SessionLimit => K::SessionsEndedLimit,
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

#[cfg(test)]
mod tests {
    use strum::IntoEnumIterator;

    use super::*;

    const OK: Outcome = Outcome::Ok;
    const fn code(code: ErrorCode) -> Outcome {
        Outcome::Code(code)
    }

    fn about(event: AuditEvent, outcome: Outcome, subject: Option<&str>) -> AuditEntry {
        AuditEntry {
            at: 1_700_000_000,
            contract_id: Some("12345678".into()),
            client_addr: Some("203.0.113.57".into()),
            event,
            outcome,
            subject: subject.map(str::to_owned),
            actor: None,
            browser: Some("Safari".into()),
            os: Some("iOS".into()),
        }
    }

    fn row(event: AuditEvent, outcome: Outcome) -> AuditEntry {
        about(event, outcome, None)
    }

    fn kind(event: AuditEvent, outcome: Outcome) -> Option<ActivityKind> {
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
        let ok = event(&row(AuditEvent::LoginOtp, OK)).unwrap();
        assert_eq!(
            (ok.kind, ok.factor),
            (K::LoginSucceeded, Some(LoginFactor::PasswordOtp))
        );
        assert_eq!(ok.address.as_deref(), Some("203.0.113.xxx"));
        assert_eq!(ok.browser.as_deref(), Some("Safari"));
        let passkey = event(&row(AuditEvent::LoginPasskey, OK)).unwrap();
        assert_eq!(passkey.factor, Some(LoginFactor::Passkey));
        let password = event(&row(AuditEvent::Login, OK)).unwrap();
        assert_eq!(password.factor, Some(LoginFactor::Password));
        assert_eq!(
            kind(AuditEvent::Login, Outcome::OtpRequired),
            Some(K::PasswordAccepted)
        );
        assert_eq!(
            kind(AuditEvent::Login, code(ErrorCode::InvalidCredentials)),
            Some(K::LoginFailedPassword)
        );
        assert_eq!(
            kind(AuditEvent::LoginOtp, code(ErrorCode::OtpInvalid)),
            Some(K::LoginFailedOtp)
        );
        assert_eq!(
            kind(AuditEvent::Login, code(ErrorCode::AccountLocked)),
            Some(K::LoginRefusedLocked)
        );
        assert_eq!(kind(AuditEvent::Login, code(ErrorCode::RateLimited)), None);
        assert_eq!(
            kind(AuditEvent::LoginPasskey, Outcome::PossibleClone),
            Some(K::LoginFailedPasskey)
        );
    }

    #[test]
    fn procedures_and_token_changes_mask_serials_and_hide_codes() {
        use ActivityKind as K;
        let started = event(&about(AuditEvent::ProcedureStart, OK, Some("exchange"))).unwrap();
        assert_eq!(
            (started.kind, started.procedure),
            (K::ProcedureStarted, Some(ProcedureKind::Exchange))
        );
        let wrong = about(
            AuditEvent::ProcedureNewToken,
            code(ErrorCode::OtpInvalid),
            Some("VSST12345678"),
        );
        assert_eq!(event(&wrong).unwrap().kind, K::ProcedureCheckFailed);
        assert_eq!(event(&wrong).unwrap().serial_masked, None);
        assert_eq!(kind(AuditEvent::ProcedureNewToken, OK), None);
        assert_eq!(
            kind(AuditEvent::ProcedureStart, code(ErrorCode::RateLimited)),
            None
        );
        // A row that should name its subject and does not is not shown (never a guess).
        assert_eq!(kind(AuditEvent::ProcedureStart, OK), None);
        assert_eq!(kind(AuditEvent::TokenRegistered, OK), None);
        let registered = about(AuditEvent::TokenRegistered, OK, Some("VSST12345678"));
        let registered = event(&registered).unwrap();
        assert_eq!(registered.serial_masked.as_deref(), Some("VSST****5678"));
        assert_eq!(
            kind(AuditEvent::PasskeyAdded, code(ErrorCode::PasskeyInvalid)),
            None
        );
        assert_eq!(kind(AuditEvent::PasskeyAdded, Outcome::PossibleClone), None);
        let added = about(AuditEvent::PasskeyAdded, OK, Some("Zx9"));
        assert_eq!(event(&added).unwrap().kind, K::PasskeyAdded);
        assert_eq!(
            kind(AuditEvent::SessionsEnded, Outcome::SessionLimit),
            Some(K::SessionsEndedLimit)
        );
        assert_eq!(
            kind(AuditEvent::SessionsEnded, Outcome::CustomerReported),
            Some(K::SessionsEnded)
        );
    }

    #[test]
    fn the_banks_actions_carry_no_browser_and_the_banks_own_rows_are_not_shown() {
        let mut revoked = about(AuditEvent::TokenRevoked, OK, Some("VSST12345678"));
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
            assert_eq!(kind(hidden, OK), None, "{hidden:?}");
        }
    }

    #[test]
    fn every_wire_kind_is_reachable_from_some_audit_row() {
        let mut seen = std::collections::HashSet::new();
        let outcomes = Outcome::iter().chain(ErrorCode::iter().map(Outcome::Code));
        for e in AuditEvent::iter() {
            for outcome in outcomes.clone() {
                for subject in [None, Some("exchange"), Some("VSST12345678")] {
                    let mut r = about(e, outcome, subject);
                    if e == AuditEvent::TokenProvisioned {
                        r.actor = Some("operator:x".into());
                    }
                    if let Some(shown) = event(&r) {
                        seen.insert(shown.kind);
                    }
                }
            }
        }
        for kind in ActivityKind::iter() {
            assert!(seen.contains(&kind), "{kind:?} never shown");
        }
    }
}

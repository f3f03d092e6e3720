//! Where the procedures' screens live and which one to show: the server's procedure state
//! decides, so back, forward and reload always land on the step the procedure is really at.

use std::convert::Infallible;
use std::str::FromStr;

use otp_api::passkey::Proof;
use otp_api::procedure::{Procedure, ProcedureKind, ProcedureStep};

/// The step a URL segment names (the contract's slug; the credentials step has no screen of
/// its own under `/procedures/{id}`).
pub fn parse_step_segment(segment: &str) -> Option<ProcedureStep> {
    ProcedureStep::from_slug(segment).filter(|s| *s != ProcedureStep::Credentials)
}

/// The `:step` of `/procedures/:id/:step`, parsed by the route's typed params: the step
/// with a screen of its own that the slug names, or none for a mistyped or stale URL (the
/// server's answer then picks the screen, and the procedure's id is still read).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StepSegment(pub Option<ProcedureStep>);

impl FromStr for StepSegment {
    type Err = Infallible;

    fn from_str(segment: &str) -> Result<Self, Infallible> {
        Ok(Self(parse_step_segment(segment)))
    }
}

/// The screen of a procedure's step: `/procedures/{id}/{slug}`.
pub fn step_path(id: &str, step: ProcedureStep) -> String {
    otp_api::paths::procedure_step(id, step)
}

/// Where a procedure starts (its credentials screen).
pub const fn start_path(kind: ProcedureKind) -> &'static str {
    match kind {
        ProcedureKind::Activate => "/activate",
        ProcedureKind::Exchange => "/exchange",
        ProcedureKind::Stop => "/stop",
    }
}

/// The URL to replace the current one with, when the step in the URL (`in_url`) is not the
/// step the server says the procedure is at.
pub fn redirect_for(in_url: Option<ProcedureStep>, procedure: &Procedure) -> Option<String> {
    (in_url != Some(procedure.step)).then(|| step_path(&procedure.id, procedure.step))
}

/// How a step appears in the step indicator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepState {
    /// Behind the customer.
    Done,
    /// Where the customer is.
    Current,
    /// Still ahead.
    Upcoming,
}

/// The step indicator of `kind`, proven by `proof`, with the customer at `current`.
pub fn indicator(
    kind: ProcedureKind,
    proof: Proof,
    current: ProcedureStep,
) -> Vec<(ProcedureStep, StepState)> {
    let steps = kind.steps(proof);
    let at = steps.iter().position(|s| *s == current);
    steps
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let state = match at {
                Some(at) if i < at => StepState::Done,
                Some(at) if i == at => StepState::Current,
                _ => StepState::Upcoming,
            };
            (*step, state)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ProcedureStep::*;

    fn procedure(step: ProcedureStep) -> Procedure {
        Procedure {
            id: "abc".to_owned(),
            kind: ProcedureKind::Exchange,
            step,
            proof: Proof::Otp,
            expires_at: 0,
            token: None,
        }
    }

    #[test]
    fn segments_round_trip() {
        for step in [
            CurrentToken,
            Passkey,
            NewToken,
            Confirm,
            Completed,
            Cancelled,
        ] {
            assert_eq!(parse_step_segment(step.slug()), Some(step));
        }
        assert_eq!(parse_step_segment("credentials"), None);
        assert_eq!(parse_step_segment("nope"), None);
        assert_eq!("new-token".parse(), Ok(StepSegment(Some(NewToken))));
        assert_eq!("credentials".parse(), Ok(StepSegment(None)));
        assert_eq!(step_path("abc", NewToken), "/procedures/abc/new-token");
    }

    #[test]
    fn the_server_state_decides_the_screen() {
        // Back from the new token's screen to the current token's: the server has moved on.
        assert_eq!(
            redirect_for(Some(CurrentToken), &procedure(NewToken)).as_deref(),
            Some("/procedures/abc/new-token")
        );
        // Reload on a finished procedure's step: the completion screen, never a resubmit.
        assert_eq!(
            redirect_for(Some(NewToken), &procedure(Completed)).as_deref(),
            Some("/procedures/abc/completed")
        );
        assert_eq!(redirect_for(Some(NewToken), &procedure(NewToken)), None);
        assert_eq!(
            redirect_for(None, &procedure(Confirm)).as_deref(),
            Some("/procedures/abc/confirm")
        );
    }

    #[test]
    fn the_indicator_marks_done_current_and_upcoming() {
        let states: Vec<_> = indicator(ProcedureKind::Exchange, Proof::Otp, NewToken)
            .into_iter()
            .map(|(_, s)| s)
            .collect();
        use StepState::*;
        assert_eq!(states, [Done, Done, Current, Upcoming]);
        let first = indicator(ProcedureKind::Activate, Proof::Otp, Credentials);
        assert_eq!(first[0], (Credentials, Current));
        assert_eq!(first.len(), 3);
        let done = indicator(ProcedureKind::Stop, Proof::Otp, Completed);
        assert_eq!(done.last(), Some(&(Completed, Current)));
        // With a passkey, its step stands where the current token's code stood.
        let passkey = indicator(ProcedureKind::Exchange, Proof::Passkey, NewToken);
        assert_eq!(passkey[1], (Passkey, Done));
        assert!(passkey.iter().all(|(s, _)| *s != CurrentToken));
    }

    #[test]
    fn start_paths() {
        assert_eq!(start_path(ProcedureKind::Activate), "/activate");
        assert_eq!(start_path(ProcedureKind::Exchange), "/exchange");
        assert_eq!(start_path(ProcedureKind::Stop), "/stop");
    }
}

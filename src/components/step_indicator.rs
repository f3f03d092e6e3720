//! The step indicator (the seed's breadcrumb): where the customer is in a procedure.

use leptos::prelude::*;
use otp_api::passkey::Proof;
use otp_api::procedure::{ProcedureKind, ProcedureStep};

use crate::flow::{StepState, indicator};
use crate::i18n::{Catalog, use_i18n};

/// The name of a step, in the current language.
pub fn step_name(m: Catalog, step: ProcedureStep) -> &'static str {
    let p = &m.procedure();
    match step {
        ProcedureStep::Credentials => p.step_credentials,
        ProcedureStep::CurrentToken => p.step_current_token,
        ProcedureStep::Passkey => p.step_passkey,
        ProcedureStep::NewToken => p.step_new_token,
        ProcedureStep::Confirm => p.step_confirm,
        ProcedureStep::Completed | ProcedureStep::Cancelled => p.step_completed,
    }
}

/// An ordered list of the procedure's steps; the current one carries `aria-current="step"`.
#[component]
pub fn StepIndicator(
    /// Which procedure.
    kind: ProcedureKind,
    /// How it is proven (the passkey's step in place of the current token's).
    #[prop(optional)]
    proof: Proof,
    /// The step the customer is at.
    #[prop(into)]
    current: Signal<ProcedureStep>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="steps" aria-label=move || i18n.t().procedure().steps_label>
            <ol class="steps__list">
                {move || {
                    let m = i18n.t();
                    indicator(kind, proof, current.get())
                        .into_iter()
                        .enumerate()
                        .map(|(i, (step, state))| {
                            let class = match state {
                                StepState::Done => "steps__item steps__item--done",
                                StepState::Current => "steps__item steps__item--current",
                                StepState::Upcoming => "steps__item",
                            };
                            let aria_current = (state == StepState::Current).then_some("step");
                            let done = (state == StepState::Done).then_some(m.procedure().step_done_suffix);
                            view! {
                                <li class=class aria-current=aria_current>
                                    <span class="steps__number" aria-hidden="true">{i + 1}</span>
                                    <span class="steps__name">{step_name(m, step)}</span>
                                    {done.map(|d| view! { <span class="visually-hidden">{d}</span> })}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ol>
        </nav>
    }
}

//! The gallery's shell around every canvas: the toolbar (language, width, theme, the bank's
//! configuration, the clock, the stress modes) and the sidebar of screens and their states,
//! searchable, the current story marked. Everything it changes is a link: the view is the URL.

use leptos::prelude::*;

use super::query::{BANKS, GalleryQuery, MODES, THEMES, WIDTHS};
use super::stories::STORIES;
use crate::i18n::{Locale, use_i18n};

/// The fixtures' own moment, offered as the frozen clock.
pub const FIXTURE_CLOCK: &str = "2026-11-26T18:30:00+09:00";

/// The screens, in the registry's order.
pub fn screens() -> Vec<&'static str> {
    let mut screens: Vec<&'static str> = Vec::new();
    for story in STORIES {
        if !screens.contains(&story.screen) {
            screens.push(story.screen);
        }
    }
    screens
}

/// One group of the toolbar: its label and its choices, the chosen one marked.
#[component]
fn Choices(
    label: &'static str,
    choices: Vec<(String, String, bool)>,
    #[prop(optional)] external: bool,
) -> impl IntoView {
    view! {
        <span class="gallery__group" role="group" aria-label=label.trim_end_matches([':', ':'])>
            <span class="gallery__group-label" aria-hidden="true">{label}</span>
            {choices
                .into_iter()
                .map(|(text, href, current)| view! {
                    <a href=href aria-current=current.then_some("true") rel=external.then_some("external")>{text}</a>
                })
                .collect_view()}
        </span>
    }
}

/// The toolbar for the page at `path` in the view `query`.
#[component]
pub fn Toolbar(path: String, query: GalleryQuery) -> impl IntoView {
    let i18n = use_i18n();
    let g = i18n.t().gallery();
    let q = &query;
    let choice =
        |text: String, next: GalleryQuery, current: bool| (text, next.href(&path), current);
    let langs = [Locale::Ja, Locale::En]
        .map(|l| choice(l.tag().into(), q.with(|n| n.lang = l), l == q.lang))
        .to_vec();
    let widths = WIDTHS
        .map(|w| choice(w.to_string(), q.with(|n| n.width = w), w == q.width))
        .to_vec();
    let themes = THEMES
        .map(|t| choice(t.into(), q.with(|n| n.theme = t), t == q.theme))
        .to_vec();
    let mut banks: Vec<_> = BANKS
        .map(|b| choice(b.into(), q.with(|n| n.bank = b.into()), b == q.bank))
        .to_vec();
    if !BANKS.contains(&q.bank.as_str()) {
        banks.push(choice(q.bank.clone(), q.clone(), true));
    }
    let clocks = vec![
        choice(
            g.clock_live.into(),
            q.with(|n| n.clock = None),
            q.clock.is_none(),
        ),
        choice(
            FIXTURE_CLOCK.into(),
            q.with(|n| n.clock = Some(FIXTURE_CLOCK.into())),
            q.clock.as_deref() == Some(FIXTURE_CLOCK),
        ),
    ];
    let modes = MODES
        .iter()
        .zip(g.modes)
        .map(|(mode, name)| {
            let on = (mode.get)(&q.modes);
            let next = q.with(|n| (mode.set)(&mut n.modes, !on));
            (name.to_owned(), next.href(&path), on)
        })
        .collect::<Vec<_>>();
    let stress_label = g.stress;
    view! {
        <nav class="gallery__toolbar" aria-label=g.controls>
            <a class="gallery__home" href=q.href("/gallery")>{g.index}</a>
            <Choices label=g.language choices=langs />
            <Choices label=g.width choices=widths />
            <Choices label=g.theme choices=themes />
            <Choices label=g.bank choices=banks />
            <Choices label=g.clock choices=clocks />
            // The modes reload the page: pseudo-localisation rewrites the frame's text in
            // place, which only a new frame undoes.
            <Choices label=stress_label choices=modes external=true />
        </nav>
    }
}

/// The sidebar: every screen and its states, filtered by the search box, `current` marked.
#[component]
pub fn Sidebar(
    query: GalleryQuery,
    current: Option<(&'static str, &'static str)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let g = i18n.t().gallery();
    let search = RwSignal::new(String::new());
    let shown = move |screen: &str, state: &str| {
        let wanted = search.get().to_lowercase();
        let name = format!("{screen}/{state}");
        wanted.split_whitespace().all(|word| name.contains(word))
    };
    view! {
        <nav class="gallery__sidebar" aria-label=g.stories>
            <label class="gallery__search">
                <span>{g.search}</span>
                <input
                    type="search"
                    autocomplete="off"
                    spellcheck="false"
                    prop:value=move || search.get()
                    on:input=move |ev| search.set(event_target_value(&ev))
                />
            </label>
            {screens()
                .into_iter()
                .map(|screen| {
                    let q = query.clone();
                    let any = move || STORIES.iter().any(|s| s.screen == screen && shown(screen, s.state));
                    view! {
                        <section class="gallery__screen" hidden=move || !any()>
                            <h2>{screen}</h2>
                            <ul>
                                {STORIES
                                    .iter()
                                    .filter(|s| s.screen == screen)
                                    .map(|s| {
                                        let state = s.state;
                                        let here = current == Some((screen, state));
                                        view! {
                                            <li hidden=move || !shown(screen, state)>
                                                <a
                                                    href=q.href(&format!("/gallery/{screen}/{state}"))
                                                    aria-current=here.then_some("page")
                                                >
                                                    {state}
                                                </a>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        </section>
                    }
                })
                .collect_view()}
        </nav>
    }
}

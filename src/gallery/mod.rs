//! The designers' gallery (cargo feature `gallery`): every screen in every state at
//! `/gallery/<screen>/<state>?lang=en&width=375&theme=midori`, rendered from fixtures by the
//! app's own components, with no network call. Controls switch the language, the width preset
//! and the theme (the second theme is CSS custom properties only: `style/theme-example.css`).

pub mod fixtures;
pub mod stories;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::components::layout::Layout;
use crate::config::ConfigContext;
use crate::demo::provide_fixture_tokens;
use crate::i18n::{Catalog, I18n, Locale, use_i18n};
use stories::{STORIES, Story, find};

/// The width presets (CSS px).
pub const WIDTHS: [u32; 4] = [320, 375, 768, 1280];
/// The themes: the default and the example bank's.
pub const THEMES: [&str; 2] = ["default", "midori"];

fn story_href(story: &Story, lang: &str, width: u32, theme: &str) -> String {
    format!(
        "/gallery/{}/{}?lang={lang}&width={width}&theme={theme}",
        story.screen, story.state
    )
}

/// The index: every story, grouped by screen.
#[component]
pub fn GalleryIndex() -> impl IntoView {
    let i18n = use_i18n();
    let mut screens: Vec<&'static str> = STORIES.iter().map(|s| s.screen).collect();
    screens.dedup();
    view! {
        <main class="gallery-index" id="main">
            <h1>{move || i18n.t().gallery().title}</h1>
            <p>{move || (i18n.t().gallery().count)(STORIES.len())}</p>
            {screens
                .into_iter()
                .map(|screen| view! {
                    <section>
                        <h2>{screen}</h2>
                        <ul class="gallery-index__list">
                            {STORIES
                                .iter()
                                .filter(|s| s.screen == screen)
                                .map(|s| view! {
                                    <li>
                                        <a href=story_href(s, "ja", 375, "default") data-story=format!("{}/{}", s.screen, s.state)>
                                            {s.state}
                                        </a>
                                    </li>
                                })
                                .collect_view()}
                        </ul>
                    </section>
                })
                .collect_view()}
        </main>
    }
}

/// One story with its controls.
#[component]
pub fn GalleryStory() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let story = move || {
        let p = params.read();
        find(
            &p.get("screen").unwrap_or_default(),
            &p.get("state").unwrap_or_default(),
        )
    };
    let lang = move || Locale::from_tag(&query.read().get("lang").unwrap_or_default());
    let width = move || {
        query
            .read()
            .get("width")
            .and_then(|w| w.parse::<u32>().ok())
            .filter(|w| WIDTHS.contains(w))
            .unwrap_or(375)
    };
    let theme = move || {
        let t = query.read().get("theme").unwrap_or_default();
        THEMES.into_iter().find(|x| *x == t).unwrap_or("default")
    };
    move || {
        let Some(s) = story() else {
            return view! { <main id="main"><p>{move || i18n.t().gallery().unknown}</p><A href="/gallery">{move || i18n.t().gallery().index}</A></main> }
                .into_any();
        };
        let (l, w, t) = (lang(), width(), theme());
        let g = &i18n.t().gallery();
        view! {
            <div class="gallery">
                <nav class="gallery__controls" aria-label=g.controls>
                    <a href="/gallery">{g.index}</a>
                    <span class="gallery__label">{format!("{}/{}", s.screen, s.state)}</span>
                    <span class="gallery__group">
                        {g.language}
                        {[Locale::Ja, Locale::En].map(|x| view! {
                            <a href=story_href(&s, x.tag(), w, t) aria-current=(x == l).then_some("page")>{x.tag()}</a>
                        })}
                    </span>
                    <span class="gallery__group">
                        {g.width}
                        {WIDTHS.map(|x| view! {
                            <a href=story_href(&s, l.tag(), x, t) aria-current=(x == w).then_some("page")>{x}</a>
                        })}
                    </span>
                    <span class="gallery__group">
                        {g.theme}
                        {THEMES.map(|x| view! {
                            <a href=story_href(&s, l.tag(), w, x) aria-current=(x == t).then_some("page")>{x}</a>
                        })}
                    </span>
                </nav>
                <div class=format!("gallery__frame gallery__frame--w{w} theme-{t}") lang=l.tag()>
                    <StoryFrame story=s locale=l />
                </div>
            </div>
        }
        .into_any()
    }
}

/// A story with its own contexts: the language asked for, the fixture bank (in demo mode only
/// for the demo panel's stories, so the others look as in production), fixture tokens.
#[component]
fn StoryFrame(story: Story, locale: Locale) -> impl IntoView {
    let i18n = I18n::with(Catalog::built_in(locale));
    if story.state == "language-unavailable" {
        i18n.fail_to_switch();
    }
    provide_context(i18n);
    let config = otp_api::config::PublicConfig {
        demo: story.screen == "demo",
        report_locks: story.state.ends_with("-locks"),
        ..fixtures::config()
    };
    provide_context(if story.state == "config-unavailable" {
        ConfigContext::failed(Some(config.contact))
    } else {
        ConfigContext::fixture(config)
    });
    provide_fixture_tokens(fixtures::demo_tokens());
    view! { <Layout>{(story.render)()}</Layout> }
}

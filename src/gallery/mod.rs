//! The designers' gallery (cargo feature `gallery`): every screen in every state at
//! `/gallery/<screen>/<state>`, rendered from fixtures by the app's own components, with no
//! network call, in a shell (`shell.rs`) whose toolbar switches the language, the width, the
//! theme (CSS custom properties only: `style/theme-example.css`), the bank's configuration, a
//! frozen clock and the stress modes — all held in the URL (`query.rs`). The index shows every
//! state live and small.

pub mod fixtures;
pub mod grid;
pub mod notes;
pub mod panels;
pub mod png;
pub mod query;
pub mod shell;
pub mod stories;
pub mod stress;
pub mod theme;

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use otp_api::config::PublicConfig;

use crate::components::layout::Layout;
use crate::config::ConfigContext;
use crate::demo::provide_fixture_tokens;
use crate::i18n::{Catalog, I18n, Locale, use_i18n};
use query::{BANKS, GalleryQuery};
use shell::{Sidebar, Toolbar};
use stories::{STORIES, Story, find};

/// The view the URL asks for.
pub(crate) fn use_gallery_query() -> Memo<GalleryQuery> {
    let query = use_query_map();
    Memo::new(move |_| {
        let q = query.read();
        GalleryQuery::parse(|key| q.get(key))
    })
}

/// The bank's configuration the view asks for: the fixture, or a bank's file.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Bank {
    Loading,
    Ready(Box<PublicConfig>),
    Missing(String),
}

impl Bank {
    /// The configuration, or what the page shows in its place while it loads or when it
    /// cannot be read.
    pub(crate) fn config_or_notice(
        self,
        g: &crate::i18n::GalleryMessages,
    ) -> Result<PublicConfig, AnyView> {
        match self {
            Bank::Ready(config) => Ok(*config),
            Bank::Loading => Err(view! { <p>{g.bank_loading}</p> }.into_any()),
            Bank::Missing(name) => {
                Err(view! { <p role="alert">{(g.bank_missing)(&name)}</p> }.into_any())
            }
        }
    }
}

/// The configuration of the bank `query` names, loaded from `/gallery-banks/<name>.json` for
/// any but the default (the fixture).
pub(crate) fn use_bank(query: Memo<GalleryQuery>) -> RwSignal<Bank> {
    let bank = RwSignal::new(Bank::Loading);
    Effect::new(move |_| {
        let name = query.with(|q| q.bank.clone());
        if name == BANKS[0] {
            bank.set(Bank::Ready(Box::new(fixtures::config())));
            return;
        }
        bank.set(Bank::Loading);
        leptos::task::spawn_local(async move {
            let url = format!("/gallery-banks/{name}.json");
            let loaded = match gloo_net::http::Request::get(&url).send().await {
                Ok(answer) if answer.ok() => answer.json::<PublicConfig>().await.ok(),
                _ => None,
            };
            bank.set(loaded.map_or(Bank::Missing(name), |c| Bank::Ready(Box::new(c))));
        });
    });
    bank
}

/// Sets what the frames read from outside their props: the frozen clock, the long names
/// and the text size (the root's, which the screens' rem follow).
pub(crate) fn set_the_scene(q: &GalleryQuery) {
    crate::time::freeze(q.clock.as_deref().and_then(crate::time::parse_rfc3339));
    fixtures::set_long_names(q.modes.long_names);
    if let Some(root) = document().document_element() {
        let _ = root
            .class_list()
            .toggle_with_force("gallery-text200", q.modes.large_text);
    }
}

/// The index: every state of every screen, live and small, in the chosen view.
#[component]
pub fn GalleryIndex() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_gallery_query();
    let bank = use_bank(query);
    move || {
        let q = query.get();
        set_the_scene(&q);
        let g = i18n.t().gallery();
        let cards = match bank.get().config_or_notice(g) {
            Ok(config) => screens_with_cards(&q, &config).into_any(),
            Err(notice) => notice,
        };
        view! {
            <div class="gallery">
                <Toolbar path="/gallery".into() query=q.clone() />
                <div class="gallery__body">
                    <Sidebar query=q.clone() current=None />
                    <main class="gallery__canvas gallery-index" id="main">
                        <h1>{g.title}</h1>
                        <p>{(g.count)(STORIES.len())}</p>
                        {cards}
                    </main>
                </div>
            </div>
        }
    }
}

/// The index's cards: per screen, each state's thumbnail (the real screen at 375 px, scaled
/// down, inert) linking to its story.
fn screens_with_cards(q: &GalleryQuery, config: &PublicConfig) -> impl IntoView {
    shell::screens()
        .into_iter()
        .map(|screen| {
            view! {
                <section class="gallery-index__screen">
                    <h2>{screen}</h2>
                    <ul class="gallery-index__cards">
                        {STORIES
                            .iter()
                            .filter(|s| s.screen == screen)
                            .map(|s| {
                                let href = q.href(&format!("/gallery/{}/{}", s.screen, s.state));
                                let thumb = q.with(|n| n.width = 375);
                                view! {
                                    <li class="gallery-card">
                                        <a href=href data-story=format!("{}/{}", s.screen, s.state)>
                                            <span class="gallery-card__thumb" inert aria-hidden="true">
                                                <StoryFrame story=*s query=thumb config=config.clone() />
                                            </span>
                                            <span class="gallery-card__name">{s.state}</span>
                                        </a>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </section>
            }
        })
        .collect_view()
}

/// One story in the shell.
#[component]
pub fn GalleryStory() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_gallery_query();
    let bank = use_bank(query);
    // `?axe=1`: the accessibility panel checks the story as soon as it is shown.
    let query_map = use_query_map();
    let axe_at_once = move || query_map.read_untracked().get("axe").as_deref() == Some("1");
    let story = move || {
        let p = params.read();
        find(
            &p.get("screen").unwrap_or_default(),
            &p.get("state").unwrap_or_default(),
        )
    };
    move || {
        let q = query.get();
        set_the_scene(&q);
        let g = i18n.t().gallery();
        let Some(s) = story() else {
            return view! {
                <main id="main"><p>{g.unknown}</p><a href="/gallery">{g.index}</a></main>
            }
            .into_any();
        };
        let name = format!("{}/{}", s.screen, s.state);
        let canvas = match bank.get().config_or_notice(g) {
            Ok(config) => view! {
                <aside class="gallery__label" aria-label=name.clone()>{q.label(&name)}</aside>
                <StoryFrame story=s query=q.clone() config />
                <div class="gallery__panels">
                    {notes::note(s.screen, s.state).map(|note| view! { <panels::NotesPanel note /> })}
                    <panels::AxePanel at_once=axe_at_once() />
                    <panels::ThemePanel />
                </div>
            }
            .into_any(),
            Err(notice) => notice,
        };
        view! {
            <div class="gallery">
                <Toolbar path=format!("/gallery/{name}") query=q.clone() />
                <div class="gallery__body">
                    <Sidebar query=q.clone() current=Some((s.screen, s.state)) />
                    // Not a landmark: the story's own <main> must be a top-level one.
                    <div class="gallery__canvas">{canvas}</div>
                </div>
            </div>
        }
        .into_any()
    }
}

/// A story with its own contexts — the language asked for, the bank's configuration (in demo
/// mode only for the demo panel's stories, so the others look as in production), fixture
/// tokens — framed at its width, in its theme, with the stress modes on.
#[component]
pub(crate) fn StoryFrame(story: Story, query: GalleryQuery, config: PublicConfig) -> impl IntoView {
    // A component shares its parent's owner: each frame needs one of its own, or the contexts
    // of frames side by side (the index, a grid) would all be the last one's.
    let owner = Owner::current()
        .expect("a frame renders under an owner")
        .child();
    let view = owner.with(|| frame(story, query, config));
    leptos::tachys::reactive_graph::OwnedView::new_with_owner(view, owner)
}

fn frame(story: Story, query: GalleryQuery, config: PublicConfig) -> impl IntoView {
    let locale: Locale = query.lang;
    let i18n = I18n::with(Catalog::built_in(locale));
    if story.state == "language-unavailable" {
        i18n.fail_to_switch();
    }
    provide_context(i18n);
    let mut config = PublicConfig {
        demo: story.screen == "demo",
        report_locks: story.state.ends_with("-locks"),
        ..config
    };
    if query.modes.long_names {
        config.bank_name = fixtures::long_bank_name();
    }
    provide_context(if story.state == "config-unavailable" {
        ConfigContext::failed(Some(config.contact))
    } else {
        ConfigContext::fixture(config)
    });
    provide_fixture_tokens(fixtures::demo_tokens());
    let m = query.modes;
    let mut class = format!(
        "gallery__frame gallery__frame--w{} theme-{}",
        query.width, query.theme
    );
    for (on, name) in [
        (m.large_text, "text200"),
        (m.forced_colors, "forced"),
        (m.reduced_motion, "still"),
        (m.pseudo, "pseudo"),
    ] {
        if on {
            class.push_str(&format!(" gallery__frame--{name}"));
        }
    }
    let frame = NodeRef::<leptos::html::Div>::new();
    if m.pseudo {
        Effect::new(move |_| {
            if let Some(root) = frame.get() {
                stress::pseudo_localise(&root);
            }
        });
    }
    view! {
        <div class=class lang=locale.tag() node_ref=frame>
            <Layout>{(story.render)()}</Layout>
        </div>
    }
}

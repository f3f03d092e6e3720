//! `/gallery/grid/<screen>`: a screen's states × languages × widths × themes on one canvas,
//! each cell the real screen at its real width, labelled (Histoire's variant grids). The axes
//! are lists in the URL — `?lang=ja,en&width=320,1280&theme=default,midori`, and `states=` to
//! pick states —; the bank, the clock and the stress modes apply to every cell.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::query::{GalleryQuery, THEMES, WIDTHS};
use super::stories::{STORIES, Story};
use super::{StoryFrame, set_the_scene, use_bank};
use crate::i18n::{Locale, use_i18n};

/// The grid's axes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Axes {
    pub langs: Vec<Locale>,
    pub widths: Vec<u32>,
    pub themes: Vec<&'static str>,
    /// The states to show (all when empty).
    pub states: Vec<String>,
}

impl Axes {
    /// Reads the lists (`get` gives a key's value); an axis with nothing known is its default:
    /// both languages, 375 px, the default theme.
    pub fn parse(get: impl Fn(&str) -> Option<String>) -> Self {
        let list = |key: &str| -> Vec<String> {
            get(key)
                .unwrap_or_default()
                .split(',')
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect()
        };
        let mut langs: Vec<Locale> = list("lang")
            .iter()
            .filter(|t| matches!(t.as_str(), "ja" | "en"))
            .map(|t| Locale::from_tag(t))
            .collect();
        langs.dedup();
        if langs.is_empty() {
            langs = vec![Locale::Ja, Locale::En];
        }
        let mut widths: Vec<u32> = list("width")
            .iter()
            .filter_map(|w| w.parse().ok())
            .filter(|w| WIDTHS.contains(w))
            .collect();
        widths.dedup();
        if widths.is_empty() {
            widths = vec![375];
        }
        let mut themes: Vec<&'static str> = list("theme")
            .iter()
            .filter_map(|t| THEMES.into_iter().find(|x| x == t))
            .collect();
        themes.dedup();
        if themes.is_empty() {
            themes = vec![THEMES[0]];
        }
        Self {
            langs,
            widths,
            themes,
            states: list("states"),
        }
    }

    /// The cells for `stories`, row by row: each state, then each language, width and theme.
    pub fn cells<'a>(&'a self, stories: &'a [Story]) -> impl Iterator<Item = Cell> + 'a {
        stories.iter().flat_map(move |story| {
            self.langs.iter().flat_map(move |&lang| {
                self.widths.iter().flat_map(move |&width| {
                    self.themes.iter().map(move |&theme| Cell {
                        story: *story,
                        lang,
                        width,
                        theme,
                    })
                })
            })
        })
    }
}

/// One cell of the grid.
#[derive(Clone, Copy)]
pub struct Cell {
    pub story: Story,
    pub lang: Locale,
    pub width: u32,
    pub theme: &'static str,
}

impl Cell {
    /// Its label: `state · ja · 320 px · default`.
    pub fn label(&self) -> String {
        format!(
            "{} · {} · {} px · {}",
            self.story.state,
            self.lang.tag(),
            self.width,
            self.theme
        )
    }
}

/// The grid page.
#[component]
pub fn GalleryGrid() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query_map = use_query_map();
    let query = super::use_gallery_query();
    let bank = use_bank(query);
    // Each cell's screen may take the focus as it mounts (an error summary does), which
    // scrolls to the last cell: the grid is read from its top.
    Effect::new(move |_| {
        request_animation_frame(|| window().scroll_to_with_x_and_y(0.0, 0.0));
    });
    move || {
        let q: GalleryQuery = query.get();
        set_the_scene(&q);
        let g = i18n.t().gallery();
        let screen = params.read().get("screen").unwrap_or_default();
        let axes = {
            let m = query_map.read();
            Axes::parse(|key| m.get(key))
        };
        let stories: Vec<Story> = STORIES
            .iter()
            .filter(|s| s.screen == screen)
            .filter(|s| axes.states.is_empty() || axes.states.iter().any(|w| w == s.state))
            .copied()
            .collect();
        let config = match bank.get().config_or_notice(g) {
            Ok(config) => config,
            Err(notice) => return notice,
        };
        if stories.is_empty() {
            return view! {
                <main id="main"><p>{g.unknown}</p><a href="/gallery">{g.index}</a></main>
            }
            .into_any();
        }
        let cells = axes
            .cells(&stories)
            .map(|cell| {
                let view_query = q.with(|n| {
                    n.lang = cell.lang;
                    n.width = cell.width;
                    n.theme = cell.theme;
                });
                view! {
                    <figure class="gallery-grid__cell" data-cell=cell.label()>
                        <figcaption>{cell.label()}</figcaption>
                        <StoryFrame story=cell.story query=view_query config=config.clone() />
                    </figure>
                }
            })
            .collect_view();
        view! {
            <div class="gallery gallery--grid">
                <nav class="gallery__toolbar" aria-label=g.controls>
                    <a class="gallery__home" href=q.href("/gallery")>{g.index}</a>
                    <span class="gallery__label">{format!("grid/{screen}")}</span>
                    <super::png::SaveAsPng name=format!("{screen}-grid") />
                </nav>
                <div class="gallery-grid" id="gallery-grid">{cells}</div>
            </div>
        }
        .into_any()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn axes(query: &str) -> Axes {
        let pairs: Vec<(&str, &str)> = query.split('&').filter_map(|p| p.split_once('=')).collect();
        Axes::parse(|key| {
            pairs
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| (*v).to_owned())
        })
    }

    #[test]
    fn the_axes_read_lists_and_fall_back_per_axis() {
        let a = axes("lang=ja,en&width=320,1280,999&theme=default,midori,neon&states=empty");
        assert_eq!(a.langs, [Locale::Ja, Locale::En]);
        assert_eq!(a.widths, [320, 1280]);
        assert_eq!(a.themes, ["default", "midori"]);
        assert_eq!(a.states, ["empty"]);
        let stories: Vec<Story> = STORIES
            .iter()
            .filter(|s| s.screen == "login")
            .take(1)
            .copied()
            .collect();
        let cells: Vec<String> = a.cells(&stories).map(|c| c.label()).collect();
        assert_eq!(cells.len(), 8);
        assert_eq!(cells[0], "empty · ja · 320 px · default");
        assert_eq!(cells[7], "empty · en · 1280 px · midori");
        let d = axes("");
        assert_eq!(
            (d.langs.len(), d.widths.clone(), d.themes.clone()),
            (2, vec![375], vec!["default"])
        );
    }
}

//! What the gallery shows, held in the URL's query (as Ladle does), so that every view is a
//! link: the language, the width, the theme, the bank's configuration, the frozen clock and
//! the stress modes. Plain Rust, tested natively.

use crate::i18n::Locale;

/// The width presets (CSS px).
pub const WIDTHS: [u32; 4] = [320, 375, 768, 1280];
/// The themes: the default and the example bank's.
pub const THEMES: [&str; 2] = ["default", "midori"];
/// The built-in banks' configurations: the default one (the fixture) and another bank's.
/// A bank adds its own as `public/gallery-banks/<name>.json` (docs/gallery.md).
pub const BANKS: [&str; 2] = ["default", "other-bank"];

/// The stress modes, each a toggle in the toolbar and a key in the URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Modes {
    /// `pseudo=1`: every text longer by ~40 % and marked.
    pub pseudo: bool,
    /// `long=1`: long names (bank, customer, serial, passkeys).
    pub long_names: bool,
    /// `text=200`: text at 200 %.
    pub large_text: bool,
    /// `forced=1`: forced colours (Windows high contrast).
    pub forced_colors: bool,
    /// `motion=reduce`: reduced motion.
    pub reduced_motion: bool,
}

/// One mode: its key and value in the URL, and how to read and set it.
pub struct Mode {
    pub key: &'static str,
    pub on: &'static str,
    pub get: fn(&Modes) -> bool,
    pub set: fn(&mut Modes, bool),
}

/// Every mode, in the toolbar's order.
pub const MODES: [Mode; 5] = [
    Mode {
        key: "pseudo",
        on: "1",
        get: |m| m.pseudo,
        set: |m, v| m.pseudo = v,
    },
    Mode {
        key: "long",
        on: "1",
        get: |m| m.long_names,
        set: |m, v| m.long_names = v,
    },
    Mode {
        key: "text",
        on: "200",
        get: |m| m.large_text,
        set: |m, v| m.large_text = v,
    },
    Mode {
        key: "forced",
        on: "1",
        get: |m| m.forced_colors,
        set: |m, v| m.forced_colors = v,
    },
    Mode {
        key: "motion",
        on: "reduce",
        get: |m| m.reduced_motion,
        set: |m, v| m.reduced_motion = v,
    },
];

/// The gallery's view, as the URL holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GalleryQuery {
    pub lang: Locale,
    pub width: u32,
    pub theme: &'static str,
    /// A built-in bank's name, or a bank's own file's (`[a-z0-9-]`).
    pub bank: String,
    /// The frozen clock as given (RFC 3339), if any.
    pub clock: Option<String>,
    pub modes: Modes,
}

impl Default for GalleryQuery {
    fn default() -> Self {
        Self {
            lang: Locale::Ja,
            width: 375,
            theme: THEMES[0],
            bank: BANKS[0].to_owned(),
            clock: None,
            modes: Modes::default(),
        }
    }
}

/// Whether `name` can name a bank's file (no path, no query).
fn bank_name_ok(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 40
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

impl GalleryQuery {
    /// Reads the query (`get` gives a key's value); anything unknown keeps its default.
    pub fn parse(get: impl Fn(&str) -> Option<String>) -> Self {
        let default = Self::default();
        let mut modes = Modes::default();
        for mode in &MODES {
            (mode.set)(&mut modes, get(mode.key).as_deref() == Some(mode.on));
        }
        Self {
            lang: get("lang").map_or(default.lang, |l| Locale::from_tag(&l)),
            width: get("width")
                .and_then(|w| w.parse().ok())
                .filter(|w| WIDTHS.contains(w))
                .unwrap_or(default.width),
            theme: get("theme")
                .and_then(|t| THEMES.into_iter().find(|x| *x == t))
                .unwrap_or(default.theme),
            bank: get("config")
                .filter(|b| bank_name_ok(b))
                .unwrap_or(default.bank),
            clock: get("clock").filter(|c| {
                c.len() <= 40
                    && c.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b":+-.".contains(&b))
            }),
            modes,
        }
    }

    /// The query string (no `?`): every key that differs from its default, in a fixed order,
    /// so that equal views have equal links.
    pub fn to_query(&self) -> String {
        let default = Self::default();
        let mut parts = vec![
            format!("lang={}", self.lang.tag()),
            format!("width={}", self.width),
            format!("theme={}", self.theme),
        ];
        if self.bank != default.bank {
            parts.push(format!("config={}", self.bank));
        }
        if let Some(clock) = &self.clock {
            // `+` in a query is a space: written as %2B.
            parts.push(format!("clock={}", clock.replace('+', "%2B")));
        }
        for mode in &MODES {
            if (mode.get)(&self.modes) {
                parts.push(format!("{}={}", mode.key, mode.on));
            }
        }
        parts.join("&")
    }

    /// The link to `path` with this view.
    pub fn href(&self, path: &str) -> String {
        format!("{path}?{}", self.to_query())
    }

    /// This view changed by `change`.
    pub fn with(&self, change: impl FnOnce(&mut Self)) -> Self {
        let mut next = self.clone();
        change(&mut next);
        next
    }

    /// The frame's label: the story, the width, the language, the theme, the bank.
    pub fn label(&self, story: &str) -> String {
        let mut label = format!(
            "{story} · {} px · {} · {} · {}",
            self.width,
            self.lang.tag(),
            self.theme,
            self.bank
        );
        if let Some(clock) = &self.clock {
            label.push_str(&format!(" · {clock}"));
        }
        label
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(query: &str) -> GalleryQuery {
        let pairs: Vec<(String, String)> = query
            .split('&')
            .filter_map(|p| p.split_once('='))
            .map(|(k, v)| (k.to_owned(), v.replace("%2B", "+")))
            .collect();
        GalleryQuery::parse(|key| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()))
    }

    #[test]
    fn a_view_round_trips_through_its_link() {
        let view = GalleryQuery {
            lang: Locale::En,
            width: 1280,
            theme: "midori",
            bank: "other-bank".into(),
            clock: Some("2026-12-01T09:00:00+09:00".into()),
            modes: Modes {
                pseudo: true,
                large_text: true,
                reduced_motion: true,
                ..Modes::default()
            },
        };
        let query = view.to_query();
        assert_eq!(
            query,
            "lang=en&width=1280&theme=midori&config=other-bank\
             &clock=2026-12-01T09:00:00%2B09:00&pseudo=1&text=200&motion=reduce"
        );
        assert_eq!(parse(&query), view);
        assert_eq!(parse(""), GalleryQuery::default());
    }

    #[test]
    fn unknown_or_unsafe_values_keep_their_defaults() {
        let view = parse("width=999&theme=neon&config=../../etc&clock=<script>&pseudo=yes");
        assert_eq!(view, GalleryQuery::default());
        assert_eq!(parse("config=my-bank-2").bank, "my-bank-2");
    }
}

//! The theme's custom properties as the gallery's theme editor and contrast panel see them:
//! which properties there are, which pairs of colours must contrast (WCAG 2.2 AA), the ratio
//! of two colours, and a theme file written and read back. Plain Rust, tested natively.

/// The colour properties of `style/theme.css`, editable with a colour picker.
pub const COLORS: [&str; 13] = [
    "--brand",
    "--brand-contrast",
    "--brand-soft",
    "--accent",
    "--accent-soft",
    "--warning",
    "--warning-soft",
    "--text",
    "--text-muted",
    "--surface",
    "--background",
    "--border",
    "--focus",
];

/// The other properties a bank tunes, edited as text.
pub const LENGTHS: [&str; 3] = ["--radius", "--font-size", "--line-height"];

/// A pair that must contrast: text on a background (4.5:1), or a component or its focus ring
/// against what surrounds it (3:1, WCAG 2.2 1.4.11).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pair {
    pub foreground: &'static str,
    pub background: &'static str,
    pub minimum: f64,
}

const fn pair(foreground: &'static str, background: &'static str, minimum: f64) -> Pair {
    Pair {
        foreground,
        background,
        minimum,
    }
}

/// Every pair the screens put side by side.
pub const PAIRS: [Pair; 12] = [
    pair("--text", "--background", 4.5),
    pair("--text", "--surface", 4.5),
    pair("--text-muted", "--surface", 4.5),
    pair("--text-muted", "--background", 4.5),
    pair("--brand-contrast", "--brand", 4.5),
    pair("--brand", "--surface", 4.5),
    pair("--brand", "--brand-soft", 4.5),
    pair("--accent", "--accent-soft", 4.5),
    pair("--accent", "--surface", 4.5),
    pair("--warning", "--warning-soft", 4.5),
    pair("--border", "--surface", 3.0),
    pair("--focus", "--background", 3.0),
];

/// An sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rrggbb`, `#rgb`, or `rgb(r, g, b)` / `rgba(r, g, b, a)` (as a computed style gives it).
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        if let Some(hex) = text.strip_prefix('#') {
            let digits: Vec<u8> = hex
                .chars()
                .map(|c| c.to_digit(16).map(|d| d as u8))
                .collect::<Option<_>>()?;
            return match digits.as_slice() {
                [r, g, b] => Some(Rgb(r * 17, g * 17, b * 17)),
                [r1, r2, g1, g2, b1, b2] => Some(Rgb(r1 * 16 + r2, g1 * 16 + g2, b1 * 16 + b2)),
                _ => None,
            };
        }
        let inner = text
            .strip_prefix("rgba(")
            .or_else(|| text.strip_prefix("rgb("))?
            .strip_suffix(')')?;
        let mut parts = inner
            .split([',', ' ', '/'])
            .filter(|p| !p.is_empty())
            .map(|p| p.parse::<f64>().ok());
        let mut channel = || -> Option<u8> { Some(parts.next()??.round().clamp(0.0, 255.0) as u8) };
        Some(Rgb(channel()?, channel()?, channel()?))
    }

    /// `#rrggbb`.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// Relative luminance (WCAG 2.2).
    fn luminance(self) -> f64 {
        let linear = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * linear(self.0) + 0.7152 * linear(self.1) + 0.0722 * linear(self.2)
    }
}

/// The contrast ratio of two colours, 1 to 21.
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// A theme file: the properties under the class `.theme-<name>`, as `style/theme-example.css`
/// is (docs/theming.md says how it becomes the production theme).
pub fn export(name: &str, values: &[(String, String)]) -> String {
    let mut css =
        format!("/* The {name} theme, made in the gallery's theme editor. */\n.theme-{name} {{\n");
    for (property, value) in values {
        css.push_str(&format!("  {property}: {value};\n"));
    }
    css.push_str("}\n");
    css
}

/// The known properties a theme file sets, in its order (anything else is ignored).
pub fn import(css: &str) -> Vec<(String, String)> {
    let body = css.split_once('{').map_or(css, |(_, rest)| rest);
    let body = body.split_once('}').map_or(body, |(inside, _)| inside);
    body.split(';')
        .filter_map(|declaration| {
            let (property, value) = declaration.split_once(':')?;
            let property = property.trim().rsplit(['\n', '/']).next()?.trim();
            let value = value.trim();
            let known = COLORS.contains(&property) || LENGTHS.contains(&property);
            (known && !value.is_empty()).then(|| (property.to_owned(), value.to_owned()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_parse_in_the_forms_a_style_gives() {
        assert_eq!(Rgb::parse("#00573f"), Some(Rgb(0, 87, 63)));
        assert_eq!(Rgb::parse("#fff"), Some(Rgb(255, 255, 255)));
        assert_eq!(Rgb::parse("rgb(0, 87, 63)"), Some(Rgb(0, 87, 63)));
        assert_eq!(Rgb::parse("rgba(0, 87, 63, 0.5)"), Some(Rgb(0, 87, 63)));
        assert_eq!(Rgb::parse("rgb(0 87 63 / 50%)"), Some(Rgb(0, 87, 63)));
        assert_eq!(Rgb::parse("#0057"), None);
        assert_eq!(Rgb::parse("green"), None);
        assert_eq!(Rgb(0, 87, 63).hex(), "#00573f");
    }

    #[test]
    fn contrast_is_wcags_ratio() {
        let (black, white) = (Rgb(0, 0, 0), Rgb(255, 255, 255));
        assert!((contrast(black, white) - 21.0).abs() < 1e-9);
        assert!((contrast(white, white) - 1.0).abs() < 1e-9);
        // WCAG's own example neighbourhood: #767676 on white is just above 4.5.
        let grey = contrast(Rgb(0x76, 0x76, 0x76), white);
        assert!(grey > 4.5 && grey < 4.6, "{grey}");
        // The default theme's white on its brand green.
        assert!(contrast(white, Rgb(0, 87, 63)) > 7.0);
    }

    #[test]
    fn a_theme_file_round_trips() {
        let values = vec![
            ("--brand".to_owned(), "#123456".to_owned()),
            ("--radius".to_owned(), "4px".to_owned()),
        ];
        let css = export("mybank", &values);
        assert!(css.contains(".theme-mybank {"), "{css}");
        assert_eq!(import(&css), values);
        assert_eq!(
            import(".x { --brand: #000; color: red; --nope: 1 }"),
            [("--brand".to_owned(), "#000".to_owned())]
        );
    }

    #[test]
    fn every_pair_names_known_colours() {
        for p in PAIRS {
            assert!(
                COLORS.contains(&p.foreground) && COLORS.contains(&p.background),
                "{p:?}"
            );
        }
    }
}

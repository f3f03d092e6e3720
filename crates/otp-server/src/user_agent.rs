//! The browser's and the operating system's family, from the `User-Agent` header, for the
//! customer's activity ("Safari on iOS"). Only the families are kept, never the header.

/// The families a request's `User-Agent` names (each `None` when unknown).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Agent {
    /// `Chrome`, `Safari`, `Edge`, `Firefox` …
    pub browser: Option<String>,
    /// `iOS`, `Android`, `Windows 10`, `macOS` …
    pub os: Option<String>,
}

/// The longest header read: a real browser's is a few hundred bytes.
const MAX_HEADER: usize = 512;

impl Agent {
    /// Parses a `User-Agent` header's value (woothee: its data compiled in).
    pub fn parse(header: &str) -> Self {
        let header = match header.char_indices().nth(MAX_HEADER) {
            Some((end, _)) => &header[..end],
            None => header,
        };
        let Some(found) = woothee::parser::Parser::new().parse(header) else {
            return Self::default();
        };
        let known = |name: &str| (name != "UNKNOWN" && !name.is_empty()).then(|| name.to_owned());
        Self {
            browser: known(found.name),
            os: known(match found.os {
                "iPhone" => "iOS",
                "iPad" => "iPadOS",
                "Mac OSX" => "macOS",
                other => other,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(header: &str) -> (Option<&'static str>, Option<&'static str>) {
        let agent = Agent::parse(header);
        (
            agent.browser.map(|b| &*b.leak()),
            agent.os.map(|o| &*o.leak()),
        )
    }

    #[test]
    fn names_the_families_of_real_browsers() {
        assert_eq!(
            parse(
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 \
                 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
            ),
            (Some("Safari"), Some("iOS"))
        );
        assert_eq!(
            parse(
                "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) \
                 Chrome/120.0.0.0 Mobile Safari/537.36"
            ),
            (Some("Chrome"), Some("Android"))
        );
        assert_eq!(
            parse(
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 \
                 (KHTML, like Gecko) Version/17.1 Safari/605.1.15"
            ),
            (Some("Safari"), Some("macOS"))
        );
    }

    #[test]
    fn unknown_and_hostile_headers_name_nothing() {
        assert_eq!(parse(""), (None, None));
        assert_eq!(parse("\u{0}\u{1}"), (None, None));
        let long = "Mozilla/5.0 ".repeat(10_000);
        let agent = Agent::parse(&long);
        assert!(agent.browser.is_none_or(|b| b.len() < 64));
    }
}

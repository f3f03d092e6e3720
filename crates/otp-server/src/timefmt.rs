//! Unix seconds to and from the UTC forms operators type and read (`2026-11-26`,
//! `2026-11-26T02:48:06Z`), with the `time` crate's calendar (so `2026-02-31` is refused).

use time::macros::format_description;
use time::{Date, OffsetDateTime, PrimitiveDateTime};

/// `2026-11-26T02:48:06Z`.
pub fn format_utc(unix: i64) -> String {
    let format = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .and_then(|t| t.format(&format).ok())
        .unwrap_or_else(|| unix.to_string())
}

/// Parses Unix seconds, `YYYY-MM-DD` (midnight UTC) or `YYYY-MM-DDTHH:MM:SSZ`.
pub fn parse_utc(text: &str) -> Option<i64> {
    if let Ok(n) = text.parse::<i64>() {
        return Some(n);
    }
    if let Ok(date) = Date::parse(text, format_description!("[year]-[month]-[day]")) {
        return Some(date.midnight().assume_utc().unix_timestamp());
    }
    let format = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    PrimitiveDateTime::parse(text, format)
        .ok()
        .map(|t| t.assume_utc().unix_timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        assert_eq!(format_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_utc(1_795_651_200), "2026-11-26T00:00:00Z");
        assert_eq!(parse_utc("2026-11-26"), Some(1_795_651_200));
        assert_eq!(
            parse_utc("2026-11-26T02:48:06Z"),
            Some(1_795_651_200 + 2 * 3600 + 48 * 60 + 6)
        );
        assert_eq!(
            parse_utc("2000-02-29T12:00:00Z").map(format_utc).as_deref(),
            Some("2000-02-29T12:00:00Z")
        );
        assert_eq!(parse_utc("1795651200"), Some(1_795_651_200));
        for bad in [
            "yesterday",
            "2026-13-01",
            "2026-11-26T25:00:00Z",
            "2026-11",
            "2026-11-26T02:48Z",
            "2026-02-31",
            "2025-02-29",
            "2026-11-26T24:00:00Z",
        ] {
            assert_eq!(parse_utc(bad), None, "{bad}");
        }
    }
}

//! Unix seconds to and from the UTC forms operators type and read (`2026-11-26`,
//! `2026-11-26T02:48:06Z`), without a calendar crate.

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// `2026-11-26T02:48:06Z`.
pub fn format_utc(unix: i64) -> String {
    let (days, secs) = (unix.div_euclid(86_400), unix.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// Parses Unix seconds, `YYYY-MM-DD` (midnight UTC) or `YYYY-MM-DDTHH:MM:SSZ`.
pub fn parse_utc(text: &str) -> Option<i64> {
    if let Ok(n) = text.parse::<i64>() {
        return Some(n);
    }
    let (date, time) = match text.split_once('T') {
        Some((d, t)) => (d, Some(t.strip_suffix('Z')?)),
        None => (text, None),
    };
    let mut parts = date.split('-').map(|p| p.parse::<i64>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    if parts.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let mut seconds = 0;
    if let Some(time) = time {
        let mut t = time.split(':').map(|p| p.parse::<i64>().ok());
        let (h, min, s) = (t.next()??, t.next()??, t.next()??);
        if t.next().is_some() || h > 23 || min > 59 || s > 60 {
            return None;
        }
        seconds = h * 3600 + min * 60 + s;
    }
    Some(days_from_civil(y, m, d) * 86_400 + seconds)
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
        ] {
            assert_eq!(parse_utc(bad), None, "{bad}");
        }
    }
}

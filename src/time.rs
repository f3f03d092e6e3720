//! Times as the customer reads them, in the browser's time zone (`js_sys::Date`: the
//! standard library's clock panics on wasm32).

use wasm_bindgen::JsValue;

fn date(unix: i64) -> js_sys::Date {
    js_sys::Date::new(&JsValue::from_f64(unix as f64 * 1000.0))
}

/// `2026/11/26 11:48`.
pub fn local_date_time(unix: i64) -> String {
    let d = date(unix);
    format!(
        "{:04}/{:02}/{:02} {:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}

/// `11:48`.
pub fn local_time(unix: i64) -> String {
    let d = date(unix);
    format!("{:02}:{:02}", d.get_hours(), d.get_minutes())
}

/// A deadline `seconds` from `now` (Unix seconds, as `u32`: enough until 2106).
pub fn deadline(now: i64, seconds: u32) -> u32 {
    u32::try_from(now)
        .unwrap_or(u32::MAX)
        .saturating_add(seconds)
}

/// Seconds left until `deadline` at `now`, never below 0. Computed from the deadline at each
/// tick, so a countdown in a background tab (whose timers the browser slows down) is right
/// whenever it is looked at.
pub fn seconds_left(deadline: u32, now: i64) -> u32 {
    deadline.saturating_sub(u32::try_from(now).unwrap_or(u32::MAX))
}

/// Now, in Unix seconds, from the browser's clock.
pub fn now() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_left_count_from_the_deadline() {
        let start = 1_795_651_200;
        let at = deadline(start, 600);
        assert_eq!(seconds_left(at, start), 600);
        assert_eq!(seconds_left(at, start + 541), 59);
        assert_eq!(seconds_left(at, start + 600), 0);
        // A background tab whose timer fired late: the time that passed counts.
        assert_eq!(seconds_left(at, start + 630), 0);
    }
}

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

/// Whole seconds left until `deadline_ms` at `now_ms` (both milliseconds since the epoch),
/// rounded up, never below 0. Computed from the deadline at each tick, so a countdown in a
/// background tab (whose timers the browser slows down) is right whenever it is looked at.
pub fn seconds_left(deadline_ms: f64, now_ms: f64) -> u32 {
    let left = ((deadline_ms - now_ms) / 1000.0).ceil();
    if left <= 0.0 {
        0
    } else if left >= f64::from(u32::MAX) {
        u32::MAX
    } else {
        left as u32
    }
}

/// Now, in milliseconds since the epoch, from the browser's clock.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
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
        let deadline = 1_000_000.0;
        assert_eq!(seconds_left(deadline, deadline - 600_000.0), 600);
        assert_eq!(seconds_left(deadline, deadline - 59_001.0), 60);
        assert_eq!(seconds_left(deadline, deadline - 1.0), 1);
        assert_eq!(seconds_left(deadline, deadline), 0);
        // A background tab whose timer fired late: the time that passed counts.
        assert_eq!(seconds_left(deadline, deadline + 30_000.0), 0);
    }
}

//! Times as the customer reads them: in the bank's time zone (its hours are in it), with the
//! zone named when the browser's differs, written by the browser's `Intl` in the page's
//! language (`js_sys`: the standard library's clock panics on wasm32, and a time zone
//! database would weigh more than the whole app).

use js_sys::{Array, Date, Intl, Object, Reflect};
use wasm_bindgen::JsValue;

use crate::i18n::Locale;

/// How much of a time to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Precision {
    /// `2026/12/01 18:05`.
    Minute,
    /// `2026年12月1日(火) 18:05`: a deadline, unambiguous.
    Deadline,
}

fn options(time_zone: &str, precision: Precision, name_zone: bool) -> Object {
    let options = Object::new();
    let set = |key: &str, value: &str| {
        let _ = Reflect::set(&options, &key.into(), &value.into());
    };
    set("timeZone", time_zone);
    set("year", "numeric");
    set("day", "numeric");
    set("hour", "2-digit");
    set("minute", "2-digit");
    set("hourCycle", "h23");
    match precision {
        Precision::Minute => set("month", "2-digit"),
        Precision::Deadline => {
            set("month", "long");
            set("weekday", "short");
        }
    }
    if name_zone {
        set("timeZoneName", "long");
    }
    options
}

/// The browser's own time zone (IANA name), if it says.
fn browser_time_zone() -> Option<String> {
    let resolved = Intl::DateTimeFormat::new(&Array::new(), &Object::new()).resolved_options();
    Reflect::get(&resolved, &"timeZone".into())
        .ok()?
        .as_string()
}

/// `unix` in `time_zone` (the bank's), in `locale`'s way, naming the zone when it is not the
/// browser's. An unknown zone falls back to the browser's, named.
pub fn bank_time(unix: i64, time_zone: &str, locale: Locale, precision: Precision) -> String {
    let name_zone = browser_time_zone().as_deref() != Some(time_zone);
    let locales = Array::of1(&JsValue::from_str(locale.tag()));
    let date = Date::new(&JsValue::from_f64(unix as f64 * 1000.0));
    let format = |options: &Object| {
        // `new Intl.DateTimeFormat` throws a RangeError for an unknown time zone.
        let formatter = Reflect::get(&js_sys::global(), &"Intl".into())
            .and_then(|intl| Reflect::get(&intl, &"DateTimeFormat".into()))
            .and_then(|ctor| Reflect::construct(&ctor.into(), &Array::of2(&locales, options)))
            .ok()?;
        let formatter: Intl::DateTimeFormat = formatter.into();
        formatter
            .format()
            .call1(&formatter, &date)
            .ok()?
            .as_string()
    };
    format(&options(time_zone, precision, name_zone))
        .or_else(|| {
            let browser = browser_time_zone().unwrap_or_else(|| "UTC".to_owned());
            format(&options(&browser, precision, true))
        })
        .unwrap_or_default()
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

/// Now, in Unix seconds, from the browser's clock (or, in the gallery, the clock it froze).
pub fn now() -> i64 {
    #[cfg(feature = "gallery")]
    if let Some(at) = FROZEN.get() {
        return at;
    }
    (Date::now() / 1000.0) as i64
}

#[cfg(feature = "gallery")]
thread_local! {
    static FROZEN: std::cell::Cell<Option<i64>> = const { std::cell::Cell::new(None) };
    static FROZEN_RANDOM: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// The gallery's frozen clock (`?clock=`): every countdown, deadline and demo code is read
/// at `at` (Unix seconds) until it is thawed with `None`; and the soft keyboard's shuffle
/// draws from a sequence seeded by it, so that the same moment is the same picture.
#[cfg(feature = "gallery")]
pub fn freeze(at: Option<i64>) {
    FROZEN.set(at);
    FROZEN_RANDOM.set(at.unwrap_or_default() as u64);
}

/// While the gallery's clock is frozen, the next value of its seeded sequence (SplitMix64);
/// `None` on the real clock (the browser's cryptographic source is used).
#[cfg(feature = "gallery")]
pub fn frozen_random() -> Option<u32> {
    FROZEN.get()?;
    let state = FROZEN_RANDOM.get().wrapping_add(0x9E37_79B9_7F4A_7C15);
    FROZEN_RANDOM.set(state);
    let mut z = state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    Some((z ^ (z >> 31)) as u32)
}

/// The gallery's frozen clock, if it froze one.
#[cfg(feature = "gallery")]
pub fn frozen() -> Option<i64> {
    FROZEN.get()
}

/// An RFC 3339 time (`2026-12-01T09:00:00+09:00`) in Unix seconds, read by the browser.
#[cfg(feature = "gallery")]
pub fn parse_rfc3339(text: &str) -> Option<i64> {
    let ms = Date::parse(text);
    (!ms.is_nan()).then(|| (ms / 1000.0).floor() as i64)
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

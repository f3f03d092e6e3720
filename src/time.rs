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

/// Now, in Unix seconds, from the browser's clock.
pub fn now() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

//! Times as the reader's browser shows them (js Date: no date crate in the wasm).

use js_sys::{Date, Object, Reflect};
use wasm_bindgen::JsValue;

const DAY_MS: f64 = 24.0 * 60.0 * 60.0 * 1000.0;

fn date(ms: i64) -> Date {
    Date::new(&JsValue::from_f64(ms as f64))
}

fn locale() -> String {
    web_sys::window()
        .and_then(|window| window.navigator().language())
        .unwrap_or_else(|| "en-US".into())
}

fn options(pairs: &[(&str, &str)]) -> JsValue {
    let options = Object::new();
    for (key, value) in pairs {
        let _ = Reflect::set(&options, &(*key).into(), &(*value).into());
    }
    options.into()
}

/// `2024-05-01T12:34:56.000Z`, for `<time datetime>`.
pub fn iso(ms: i64) -> String {
    date(ms).to_iso_string().into()
}

/// "14:05" or "2:05 PM", as the reader's locale writes it.
pub fn short_time(ms: i64) -> String {
    let options = options(&[("hour", "numeric"), ("minute", "2-digit")]);
    date(ms)
        .to_locale_time_string_with_options(&locale(), &options)
        .into()
}

/// "Wednesday, May 1, 2024" in the reader's locale, for day separators and tooltips.
pub fn long_date(ms: i64) -> String {
    let options = options(&[
        ("weekday", "long"),
        ("year", "numeric"),
        ("month", "long"),
        ("day", "numeric"),
    ]);
    date(ms).to_locale_date_string(&locale(), &options).into()
}

/// The day number of `ms` in the reader's time zone (daylight saving included).
pub fn local_day(ms: i64) -> i64 {
    let offset_ms = date(ms).get_timezone_offset() * 60_000.0;
    ((ms as f64 - offset_ms) / DAY_MS).floor() as i64
}

/// How far the reader's clock is ahead of UTC now, in seconds (negative west of Greenwich).
pub fn utc_offset_seconds() -> i64 {
    // JavaScript gives minutes behind UTC.
    -(Date::new_0().get_timezone_offset() * 60.0) as i64
}

/// Now, in Unix milliseconds.
pub fn now_ms() -> i64 {
    Date::now() as i64
}

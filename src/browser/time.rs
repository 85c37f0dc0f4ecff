//! Times as the reader's browser shows them (js Date: no date crate in the wasm).

use js_sys::{Array, Date, Function, Intl, Object, Reflect};
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

fn options(pairs: &[(&str, &str)]) -> Object {
    let options = Object::new();
    for (key, value) in pairs {
        let _ = Reflect::set(&options, &(*key).into(), &(*value).into());
    }
    options
}

/// `2024-05-01T12:34:56.000Z`, for `<time datetime>`.
pub fn iso(ms: i64) -> String {
    date(ms).to_iso_string().into()
}

/// The `format` function of an `Intl.DateTimeFormat` for the reader's locale and `pairs`.
/// Made once per kind: building a formatter (what `toLocaleDateString` does on every call) is
/// slow, and every post's time is formatted when a channel opens.
fn formatter(pairs: &[(&str, &str)]) -> Function {
    let locales = Array::of1(&locale().into());
    Intl::DateTimeFormat::new(&locales, &options(pairs)).format()
}

fn format_with(formatter: &'static std::thread::LocalKey<Function>, ms: i64) -> String {
    formatter
        .with(|format| format.call1(&JsValue::NULL, &date(ms)))
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_default()
}

thread_local! {
    static SHORT_TIME: Function = formatter(&[("hour", "numeric"), ("minute", "2-digit")]);
    static LONG_DATE: Function = formatter(&[
        ("weekday", "long"),
        ("year", "numeric"),
        ("month", "long"),
        ("day", "numeric"),
    ]);
}

/// "14:05" or "2:05 PM", as the reader's locale writes it.
pub fn short_time(ms: i64) -> String {
    format_with(&SHORT_TIME, ms)
}

/// "Wednesday, May 1, 2024" in the reader's locale, for day separators and tooltips.
pub fn long_date(ms: i64) -> String {
    format_with(&LONG_DATE, ms)
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

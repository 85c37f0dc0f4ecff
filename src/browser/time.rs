//! Times as the reader's browser shows them (js Date: no date crate in the wasm).

use std::cell::RefCell;

use js_sys::{Array, Date, Function, Intl, Object, Reflect};
use wasm_bindgen::JsValue;

use crate::remembered::Remembered;

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

/// `2024-05-01T12:34:56.000Z`, for `<time datetime>`: what `Date.toISOString` writes, worked
/// out here (every post shown has one, and a call into the browser costs more than the sums).
pub fn iso(ms: i64) -> String {
    let (days, ms_of_day) = (ms.div_euclid(DAY_MS as i64), ms.rem_euclid(DAY_MS as i64));
    let (year, month, day) = civil_from_days(days);
    if !(0..=9999).contains(&year) {
        // Written with a sign and six digits: left to the browser.
        return date(ms).to_iso_string().into();
    }
    let (seconds, millis) = (ms_of_day / 1000, ms_of_day % 1000);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{millis:03}Z",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

/// The proleptic Gregorian (year, month, day) of a day counted from 1970-01-01 (Howard
/// Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let shifted = days + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The `format` function of an `Intl.DateTimeFormat` for the reader's locale and `pairs`.
/// Made once per kind: building a formatter (what `toLocaleDateString` does on every call) is
/// slow, and every post's time is formatted when a channel opens.
fn formatter(pairs: &[(&str, &str)]) -> Function {
    let locales = Array::of1(&locale().into());
    Intl::DateTimeFormat::new(&locales, &options(pairs)).format()
}

/// A formatter with what it wrote, by instant: a channel opened again shows the same times, and
/// each is a call into the browser's `Intl`.
struct Formatted {
    format: Function,
    texts: RefCell<Remembered<i64, FORMATTED_KEPT>>,
}

/// Instants remembered per format, at most (then it starts again).
const FORMATTED_KEPT: usize = 20_000;

impl Formatted {
    fn new(pairs: &[(&str, &str)]) -> Self {
        Formatted {
            format: formatter(pairs),
            texts: RefCell::default(),
        }
    }

    fn text(&self, ms: i64) -> String {
        self.texts.borrow_mut().get_or_make(&ms, || {
            self.format
                .call1(&JsValue::NULL, &date(ms))
                .ok()
                .and_then(|text| text.as_string())
                .unwrap_or_default()
        })
    }
}

fn format_with(formatted: &'static std::thread::LocalKey<Formatted>, ms: i64) -> String {
    formatted.with(|formatted| formatted.text(ms))
}

thread_local! {
    static SHORT_TIME: Formatted = Formatted::new(&[("hour", "numeric"), ("minute", "2-digit")]);
    static LONG_DATE: Formatted = Formatted::new(&[
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_writes_what_date_to_iso_string_writes() {
        for (ms, expected) in [
            (0, "1970-01-01T00:00:00.000Z"),
            (951_782_400_000, "2000-02-29T00:00:00.000Z"),
            (1_714_566_896_789, "2024-05-01T12:34:56.789Z"),
            (1_798_761_599_999, "2026-12-31T23:59:59.999Z"),
            (-1, "1969-12-31T23:59:59.999Z"),
            (253_402_300_799_999, "9999-12-31T23:59:59.999Z"),
        ] {
            assert_eq!(iso(ms), expected, "{ms}");
        }
    }
}

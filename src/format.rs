//! How dates and counts read on screen.

use chrono::{DateTime, Datelike, FixedOffset, Offset, Timelike, Utc};

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Formats an instant as "23 Nov 2026, 08:15" in the zone `offset_minutes`
/// east of UTC (pass 0 for UTC). An offset out of range falls back to UTC.
pub fn format_timestamp(at: DateTime<Utc>, offset_minutes: i32) -> String {
    let zone = offset_minutes
        .checked_mul(60)
        .and_then(FixedOffset::east_opt)
        .unwrap_or(Utc.fix());
    let local = at.with_timezone(&zone);
    let month = MONTHS
        .get(local.month0() as usize)
        .copied()
        .unwrap_or("???");
    format!(
        "{} {} {}, {:02}:{:02}",
        local.day(),
        month,
        local.year(),
        local.hour(),
        local.minute()
    )
}

/// Formats an instant in the browser's time zone (its offset at that
/// instant, so daylight saving is respected).
pub fn format_local(at: DateTime<Utc>) -> String {
    format_timestamp(at, browser_offset_minutes(at))
}

/// The browser's offset east of UTC, in minutes, at `at`.
#[cfg(target_arch = "wasm32")]
fn browser_offset_minutes(at: DateTime<Utc>) -> i32 {
    let millis = wasm_bindgen::JsValue::from_f64(at.timestamp_millis() as f64);
    // `getTimezoneOffset` counts minutes *west* of UTC.
    -(js_sys::Date::new(&millis).get_timezone_offset() as i32)
}

#[cfg(not(target_arch = "wasm32"))]
fn browser_offset_minutes(_at: DateTime<Utc>) -> i32 {
    0
}

/// The step budget as "N / L", e.g. "3 / 20".
pub fn step_usage(step_count: u32, step_limit: u32) -> String {
    format!("{step_count} / {step_limit}")
}

/// The character counter under a text field, e.g. "12/73".
pub fn char_counter(used: usize, max: usize) -> String {
    format!("{used}/{max}")
}

/// `text` cut to at most `max` characters (Unicode scalar values, the unit
/// the server counts).
pub fn truncate_chars(text: &str, max: usize) -> &str {
    match text.char_indices().nth(max) {
        Some((byte, _)) => &text[..byte],
        None => text,
    }
}

/// A count with thousands separators, as people read it: "1,873".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A duration in milliseconds as it reads: "0.8 ms", "12 ms", "1.2 s".
pub fn millis(ms: f64) -> String {
    if ms < 10.0 {
        format!("{ms:.1} ms")
    } else if ms < 1000.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{:.1} s", ms / 1000.0)
    }
}

/// An RFC 3339 time from the server in the browser's time zone (the text
/// as it came when it does not parse).
pub fn format_local_rfc3339(text: &str) -> String {
    match DateTime::parse_from_rfc3339(text) {
        Ok(at) => format_local(at.with_timezone(&Utc)),
        Err(_) => text.to_string(),
    }
}

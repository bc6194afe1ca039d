//! Text inputs with a character limit: typing stops at the limit.

use crate::format::truncate_chars;
use web_sys::HtmlInputElement;

/// What `input` holds, cut to at most `max` characters; if typing (or a
/// paste) went past the limit, the field is set back to the kept text.
pub fn keep_within_limit(input: &HtmlInputElement, max: usize) -> String {
    let typed = input.value();
    let kept = truncate_chars(&typed, max);
    if kept.len() != typed.len() {
        input.set_value(kept);
    }
    kept.to_string()
}

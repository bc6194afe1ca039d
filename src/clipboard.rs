//! Copying text for the marketer (keys, key mappings, write keys).
//!
//! The Clipboard API exists only on secure pages (https or localhost); on
//! others `navigator.clipboard` is undefined and callers fall back to
//! selecting the text so that Ctrl+C works.

/// Where a Copy button is: its label follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyState {
    /// Not pressed yet.
    Idle,
    /// The text is on the clipboard.
    Copied,
    /// The browser refused (or has no Clipboard API): the text is selected instead.
    Failed,
}

/// Puts `text` on the clipboard; false when the browser has no Clipboard
/// API here or refuses.
pub async fn copy_text(text: String) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let clipboard = window.navigator().clipboard();
    if clipboard.is_undefined() {
        return false;
    }
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(&text))
        .await
        .is_ok()
}

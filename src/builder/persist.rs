//! The builder's local draft: unsaved changes kept in the browser's
//! `localStorage`, so a reload, a crash or a closed tab never loses them.

use cairn_domain::JourneySpec;
use serde::{Deserialize, Serialize};

/// Unsaved changes of one journey.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LocalDraft {
    /// The server version the changes were made on (0: never saved).
    pub base_version: u64,
    /// When they were last written (milliseconds since the epoch).
    pub saved_at_ms: f64,
    /// The content.
    pub spec: JourneySpec,
}

/// The storage key for a journey's draft (`None`: the new, never saved journey).
pub fn key(id: Option<&str>) -> String {
    format!("cairn.draft.{}", id.unwrap_or("new"))
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The draft stored under `key`, if any and readable (an unreadable one is dropped).
pub fn load(key: &str) -> Option<LocalDraft> {
    let s = storage()?;
    let raw = s.get_item(key).ok().flatten()?;
    match serde_json::from_str(&raw) {
        Ok(d) => Some(d),
        Err(_) => {
            let _ = s.remove_item(key);
            None
        }
    }
}

/// Stores a draft; returns false if the browser refused (private mode, quota).
pub fn store(key: &str, draft: &LocalDraft) -> bool {
    let Some(s) = storage() else { return false };
    match serde_json::to_string(draft) {
        Ok(json) => s.set_item(key, &json).is_ok(),
        Err(_) => false,
    }
}

/// Forgets the draft under `key`.
pub fn clear(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
}

/// Milliseconds since the epoch, now.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

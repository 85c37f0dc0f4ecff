//! The browser's localStorage, for what must survive a reload: drafts, unsent posts, recently
//! used emoji. Storage can be full or disabled; callers then carry on without it. Every key
//! starts with `brisk.`, so logging out can erase them all.

/// What every key of this app starts with.
const PREFIX: &str = "brisk.";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The text stored under `key`, or "" when there is none.
pub fn load(key: &str) -> String {
    storage()
        .and_then(|storage| storage.get_item(key).ok().flatten())
        .unwrap_or_default()
}

/// Stores `text` under `key`; empty text removes the key.
pub fn save(key: &str, text: &str) {
    if let Some(storage) = storage() {
        let _ = if text.is_empty() {
            storage.remove_item(key)
        } else {
            storage.set_item(key, text)
        };
    }
}

/// A JSON value stored under `key`, or the default when absent or unreadable.
pub fn load_json<T: serde::de::DeserializeOwned + Default>(key: &str) -> T {
    brisk_model::json::from_str(&load(key)).unwrap_or_default()
}

/// Stores `value` as JSON under `key`.
pub fn save_json<T: serde::Serialize>(key: &str, value: &T) {
    if let Ok(text) = serde_json::to_string(value) {
        save(key, &text);
    }
}

/// Removes every key this app stored: logging out leaves nothing of the user on a shared
/// computer.
pub fn erase_all() {
    let Some(storage) = storage() else {
        return;
    };
    let count = storage.length().unwrap_or(0);
    let keys: Vec<String> = (0..count)
        .filter_map(|index| storage.key(index).ok().flatten())
        .filter(|key| key.starts_with(PREFIX))
        .collect();
    for key in keys {
        let _ = storage.remove_item(&key);
    }
}

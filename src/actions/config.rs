//! What the server's client config tells the client (`GET /config/client`).

use leptos::prelude::*;

use crate::api;
use crate::state::StoreSignal;

/// Reads what the composer needs from the server's client config, once: the upload limit
/// (`MaxFileSize`) and whether typing is announced (`EnableUserTypingMessages`).
pub async fn load_composer_config(store: StoreSignal) {
    if store.with_untracked(|s| s.max_file_size.is_some()) {
        return;
    }
    if let Ok(config) = api::client_config().await {
        let limit = config
            .get("MaxFileSize")
            .and_then(|v| v.parse::<i64>().ok());
        let typing_off = config
            .get("EnableUserTypingMessages")
            .is_some_and(|v| v == "false");
        store.update(|s| {
            s.max_file_size = limit;
            s.typing_messages_off = typing_off;
        });
    }
}

/// The site's name as the server is configured (`SiteName`), if it answers.
pub async fn site_name() -> Option<String> {
    api::client_config()
        .await
        .ok()
        .and_then(|config| config.get("SiteName").cloned())
}

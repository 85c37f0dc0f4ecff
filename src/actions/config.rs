//! What the server's client config tells the client (`GET /config/client`).

use std::cell::Cell;

use leptos::prelude::*;

use crate::api;
use crate::state::StoreSignal;
use crate::store::ServerConfig;

thread_local! {
    /// A read is on its way: the login page and the composer both want the config, and one
    /// request answers both.
    static ASKED: Cell<bool> = const { Cell::new(false) };
}

/// Reads the server's client config once per page load (the login page's heading, the
/// composer's upload limit, whether typing is announced); a read that failed is tried again by
/// the next page that wants it.
pub async fn load_server_config(store: StoreSignal) {
    if store.with_untracked(|s| s.server_config.is_some()) || ASKED.replace(true) {
        return;
    }
    let answer = api::client_config().await;
    ASKED.set(false);
    if let Ok(config) = answer {
        store.update(|s| s.server_config = Some(ServerConfig::from_client_config(&config)));
    }
}

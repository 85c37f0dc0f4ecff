//! Who is signed in: logging in, signing up from an invite, the session on load, logging out,
//! and what happens when the server ends the session.

use brisk_model::{CreateUserRequest, User};
use leptos::prelude::*;

use crate::actions::posts::restore_outbox;
use crate::actions::settings;
use crate::actions::teams::load_teams;
use crate::api::{self, ApiError};
use crate::browser::local_store;
use crate::persist;
use crate::state::StoreSignal;
use crate::store::{Store, Theme};

/// Makes sure we know who is signed in and their teams (`GET /users/me`, `/users/me/teams`),
/// asking for both at once.
pub async fn load_session(store: StoreSignal) -> Result<(), ApiError> {
    let (needs_me, needs_teams) = store.with_untracked(|s| (s.me.is_none(), s.teams.is_empty()));
    let me = async {
        if needs_me {
            api::me().await.map(Some)
        } else {
            Ok(None)
        }
    };
    let teams = async {
        if !needs_teams {
            return Ok(());
        }
        // The preferences are best effort: without them the theme stays as this device last
        // showed it.
        let (teams, _) = futures::join!(load_teams(store), settings::load_preferences(store));
        teams
    };
    let (me, teams) = futures::join!(me, teams);
    if let Some(me) = me? {
        signed_in(store, me);
    }
    teams
}

/// Records who is signed in and brings back their posts left unsent on this device.
fn signed_in(store: StoreSignal, me: User) {
    store.update(|s| s.set_me(me));
    restore_outbox(store);
}

/// Opens with what the device kept of the session when nothing is in memory yet (a reload):
/// shown as soon as it is read, and offline; the server then brings it up to date. True if there
/// was some.
pub async fn restore_saved_session(store: StoreSignal) -> bool {
    if store.with_untracked(|s| s.me.is_some()) {
        return false;
    }
    let Some(saved) = persist::saved::load().await else {
        return false;
    };
    let restored = store
        .try_update(|s| s.restore_saved(saved))
        .unwrap_or(false);
    if restored {
        restore_outbox(store);
    }
    restored
}

/// After opening from the saved copy: who is signed in and their teams, fresh from the server (a
/// different user than the saved one starts from a clean store).
pub async fn refresh_session(store: StoreSignal) -> Result<(), ApiError> {
    let me = api::me().await?;
    store.update(|s| s.set_me(me));
    load_teams(store).await
}

/// Signs in with an email or username and a password. The teams load where the person lands,
/// beside that page's other first requests.
pub async fn log_in(store: StoreSignal, login_id: &str, password: &str) -> Result<(), ApiError> {
    end_session_left_open(store).await;
    // Whoever was last here (a session that ended without a logout) leaves no picture behind.
    persist::screen::erase();
    signed_in(store, api::login(login_id, password).await?);
    Ok(())
}

/// Signs in with the login the start script sent from its painted form before the app was
/// running (`sent` is the promise of its answer): the same as `log_in` once the answer is here.
/// It sends none when a session left open is to be ended first.
pub async fn log_in_sent_before_app(
    store: StoreSignal,
    sent: js_sys::Promise,
) -> Result<(), ApiError> {
    persist::screen::erase();
    signed_in(store, api::login_sent_before_app(sent).await?);
    Ok(())
}

/// Creates a newcomer's account from a team's invite (which joins them to the team), signs them
/// in and loads their teams.
pub async fn sign_up_from_invite(
    store: StoreSignal,
    request: &CreateUserRequest,
    invite_id: &str,
) -> Result<(), ApiError> {
    api::create_user_from_invite(request, invite_id).await?;
    signed_in(
        store,
        api::login(&request.username, &request.password).await?,
    );
    load_teams(store).await
}

/// Where this device remembers a logout the server has not heard of (made offline): only that a
/// session is to be ended, nothing of the person's.
const SESSION_LEFT_OPEN_KEY: &str = "brisk.session-left-open";

/// Ends the session on the server and forgets it here and on the device (a shared computer keeps
/// nothing of it). Without a network the device forgets it all the same, and the server's
/// session is ended as soon as the network is back (`end_session_left_open`): until then the
/// browser still holds its cookie, so the app opens on the login page, which says so.
pub async fn log_out(store: StoreSignal) {
    let ended = api::logout().await;
    store.update(|s| {
        s.reset();
        // The person's colours go too: the next person at this computer starts with the device's.
        s.theme = Theme::System;
    });
    local_store::erase_all();
    persist::erase().await;
    if ended.is_err_and(|error| error.is_unreachable()) {
        local_store::save(SESSION_LEFT_OPEN_KEY, "1");
        store.update(|s| s.server_session_left_open = true);
    }
}

/// Whether a logout made offline still has to end the server's session.
pub fn session_left_open() -> bool {
    !local_store::load(SESSION_LEFT_OPEN_KEY).is_empty()
}

/// Ends the server's session of a logout made offline, if there is one; it stays to do while the
/// server cannot be reached.
pub async fn end_session_left_open(store: StoreSignal) {
    if !session_left_open() {
        return;
    }
    store.update(|s| s.server_session_left_open = true);
    // Refused for want of a session: it is ended already.
    if api::logout()
        .await
        .is_err_and(|error| error.is_unreachable())
    {
        return;
    }
    local_store::save(SESSION_LEFT_OPEN_KEY, "");
    store.update(|s| s.server_session_left_open = false);
}

/// Runs `handler` whenever a call is refused for want of a session (expired, revoked, logged
/// out elsewhere). What the store held is forgotten, here and in the device's saved copy, so the
/// next person at this browser does not see it; the outbox and drafts stay for the user's return.
pub fn on_session_ended(store: StoreSignal, handler: impl Fn() + 'static) {
    api::set_unauthorized_handler(move || {
        handler();
        store.update(Store::reset);
        persist::screen::erase();
    });
}

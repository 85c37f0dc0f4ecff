//! Who is signed in: logging in, signing up from an invite, the session on load, logging out,
//! and what happens when the server ends the session.

use brisk_model::CreateUserRequest;
use leptos::prelude::*;

use crate::actions::settings;
use crate::actions::teams::load_teams;
use crate::api::{self, ApiError};
use crate::state::StoreSignal;
use crate::store::Store;

/// Makes sure we know who is signed in and their teams (`GET /users/me`, `/users/me/teams`).
pub async fn load_session(store: StoreSignal) -> Result<(), ApiError> {
    if store.with_untracked(|s| s.me.is_none()) {
        let me = api::me().await?;
        store.update(|s| s.set_me(me));
    }
    if store.with_untracked(|s| s.teams.is_empty()) {
        // The preferences are best effort: without them the theme stays as this device last
        // showed it.
        let (teams, _) = futures::join!(load_teams(store), settings::load_preferences(store));
        teams?;
    }
    Ok(())
}

/// Signs in with an email or username and a password, then loads the session.
pub async fn log_in(store: StoreSignal, login_id: &str, password: &str) -> Result<(), ApiError> {
    let me = api::login(login_id, password).await?;
    store.update(|s| s.set_me(me));
    load_session(store).await
}

/// Creates a newcomer's account from a team's invite (which joins them to the team), signs them
/// in and loads their teams.
pub async fn sign_up_from_invite(
    store: StoreSignal,
    request: &CreateUserRequest,
    invite_id: &str,
) -> Result<(), ApiError> {
    api::create_user_from_invite(request, invite_id).await?;
    let me = api::login(&request.username, &request.password).await?;
    store.update(|s| s.set_me(me));
    load_teams(store).await
}

/// Ends the session on the server (best effort) and forgets it here.
pub async fn log_out(store: StoreSignal) {
    let _ = api::logout().await;
    store.update(Store::reset);
}

/// Runs `handler` whenever a call is refused for want of a session (expired, revoked, logged
/// out elsewhere).
pub fn on_session_ended(handler: impl Fn() + 'static) {
    api::set_unauthorized_handler(handler);
}

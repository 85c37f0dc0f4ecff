//! My teams: loading them and my channels in each, and joining one by its invite.

use brisk_model::{Team, User};
use leptos::prelude::*;

use crate::actions::{history, session, sync};
use crate::api::{self, ApiError};
use crate::lazy::{lazy_fn, run};
use crate::state::StoreSignal;
use crate::store::Followup;

/// (Re)fetches my teams and my memberships of them: after joining a team, say.
pub async fn load_teams(store: StoreSignal) -> Result<(), ApiError> {
    let (teams, members) = futures::try_join!(api::my_teams(), api::my_team_members())?;
    store.update(|s| {
        s.apply_teams(teams);
        s.apply_team_members(members);
    });
    Ok(())
}

/// Fetches my unread counts in every team: the badges the team switcher shows on the teams whose
/// channels are not fetched (all but the ones opened), so only for people in more than one team.
/// Best effort: the badges keep the last counts.
pub async fn load_team_unreads(store: StoreSignal) {
    if store.with_untracked(|s| s.teams.len() < 2) {
        return;
    }
    let _ = run(team_unreads_in_chunk(store)).await;
}

lazy_fn! {
    /// `load_team_unreads`' request and what it does with the answer: a chunk, as most people
    /// are in one team and never run it.
    async fn team_unreads_in_chunk(store: StoreSignal) -> Result<(), ApiError> {
        let counts = api::my_team_unreads().await?;
        store.update(|s| s.apply_team_unreads(counts));
        Ok(())
    }
}

/// The team to land on after login or at `/`.
pub fn first_team(store: StoreSignal) -> Option<Team> {
    store.with_untracked(|s| s.teams.first().cloned())
}

/// Opens the team named in the address, signed in but with nothing loaded yet (after login, or a
/// reload without a saved copy), in as few round trips as the API allows: my session and teams
/// beside the channel named in the address (found by the two names), then, once the event stream
/// has started (so no event falls between), my channels in the team beside that channel's newest
/// posts. The team's id, or `None` when I am not in a team of that name.
///
/// After a login sent from the form painted before the app, the start script has asked for all
/// of these while the wasm was loading (assets/start.js) and they are in: they were fetched
/// before the event stream started anyway, so the page does not wait for it, and once it has
/// started the app catches up on what happened in between (a resync).
pub async fn open_team(
    store: StoreSignal,
    team_name: &str,
    channel_name: Option<&str>,
) -> Result<Option<String>, ApiError> {
    if !api::holds_answers_asked_before_app() {
        return open_team_fetching(store, team_name, channel_name, true).await;
    }
    let opened = open_team_fetching(store, team_name, channel_name, false).await;
    api::forget_answers_asked_before_app();
    // A stream that started before the answers were applied has not caught up on them (its
    // first hello found nothing to resync); one that starts later will.
    if store.with_untracked(|s| s.stream_has_started()) {
        sync::follow_up(store, Followup::Resync);
    }
    opened
}

/// `open_team`'s requests, waiting for the event stream before the second round or not.
async fn open_team_fetching(
    store: StoreSignal,
    team_name: &str,
    channel_name: Option<&str>,
    after_stream_started: bool,
) -> Result<Option<String>, ApiError> {
    let named_channel = async {
        // Best effort: the channel's page looks it up again, and says why it cannot be shown.
        let channel = api::channel_by_names(team_name, channel_name?).await.ok()?;
        let id = channel.id.clone();
        store.update(|s| s.apply_channel(channel));
        Some(id)
    };
    let (session, channel_id) = futures::join!(session::load_session(store), named_channel);
    session?;
    if after_stream_started {
        sync::until_stream_started(store).await;
    }
    let Some(team_id) = store.with_untracked(|s| s.team_by_name(team_name).map(|t| t.id.clone()))
    else {
        return Ok(None);
    };
    let newest_posts = async {
        if let Some(channel_id) = channel_id {
            // Best effort: the channel's post list asks again, and shows the error.
            let _ = history::load_newest_posts(store, &channel_id).await;
        }
    };
    let (team, ()) = futures::join!(load_team(store, &team_id), newest_posts);
    team.map(|()| Some(team_id))
}

/// Makes the team the current one and fetches my channels and memberships in it, once.
pub async fn load_team(store: StoreSignal, team_id: &str) -> Result<(), ApiError> {
    store.update(|s| s.enter_team(team_id));
    load_team_channels(store, team_id).await
}

/// Fetches my channels and memberships in a team, once (the team opened, or one an event
/// happened in).
pub async fn load_team_channels(store: StoreSignal, team_id: &str) -> Result<(), ApiError> {
    if store.with_untracked(|s| s.team_loaded(team_id)) {
        return Ok(());
    }
    sync::team(store, team_id).await
}

/// The team an invite link is for, and who is signed in already (`None`: nobody). Anyone may
/// ask, signed in or not. The start script asked for both as the invite link opened
/// (assets/start.js); what it asked is for this lookup only.
pub async fn invitation(invite_id: &str) -> Result<(Team, Option<User>), ApiError> {
    let invitation = futures::try_join!(api::team_of_invite(invite_id), api::me_if_signed_in());
    api::forget_answers_asked_before_app();
    invitation
}

/// Joins the team of an invite as the person signed in, then reloads my teams.
pub async fn join_by_invite(store: StoreSignal, invite_id: &str) -> Result<(), ApiError> {
    api::join_team_by_invite(invite_id).await?;
    load_teams(store).await
}

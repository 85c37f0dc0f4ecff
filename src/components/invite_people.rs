//! The team's invite link, to copy and send: whoever opens it can sign up and join.

use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::browser::clipboard;
use crate::state::use_store;

/// `{origin}/signup_user_complete/?id={invite_id}`, Mattermost's invite link.
pub fn invite_link(origin: &str, invite_id: &str) -> String {
    format!("{origin}/signup_user_complete/?id={invite_id}")
}

/// Whether the copy worked, for the status line.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Copied {
    Not,
    Yes,
    /// No clipboard access (a page not served over https, say): the link is selected instead.
    Selected,
}

#[component]
pub fn InvitePeople(team_id: String) -> impl IntoView {
    let store = use_store();
    let team = store.with_untracked(|s| s.teams.iter().find(|t| t.id == team_id).cloned());
    let origin = window().location().origin().unwrap_or_default();
    let link = team
        .as_ref()
        .map(|t| invite_link(&origin, &t.invite_id))
        .unwrap_or_default();
    let team_name = team.map(|t| t.display_name).unwrap_or_default();
    let input = NodeRef::<Input>::new();
    let copied = RwSignal::new(Copied::Not);

    let copy = {
        let link = link.clone();
        move |_| {
            let link = link.clone();
            spawn_local(async move {
                let outcome = if clipboard::write_text(&link).await {
                    Copied::Yes
                } else {
                    if let Some(input) = input.get_untracked() {
                        input.select();
                        let _ = input.focus();
                    }
                    Copied::Selected
                };
                copied.set(outcome);
            });
        }
    };

    view! {
        <div class="dialog-body">
            <p>{format!("Anyone with this link can create an account and join {team_name}.")}</p>
            <label for="invite-link">"Invite link"</label>
            <div class="copy-row">
                <input id="invite-link" type="text" readonly prop:value=link node_ref=input
                    on:focus=move |_| { if let Some(i) = input.get_untracked() { i.select(); } }/>
                <button type="button" on:click=copy>"Copy link"</button>
            </div>
            <p class="dialog-status" role="status">
                {move || match copied.get() {
                    Copied::Not => "",
                    Copied::Yes => "Link copied.",
                    Copied::Selected => "The link is selected: press Ctrl+C (⌘C on a Mac) to copy it.",
                }}
            </p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_invite_link_is_mattermosts() {
        assert_eq!(
            super::invite_link("https://chat.example.org", "abc"),
            "https://chat.example.org/signup_user_complete/?id=abc"
        );
    }
}

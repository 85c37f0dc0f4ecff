//! My teams, to switch between, each with its unread dot and mention count. Shown only to
//! people in more than one team (by the sidebar), whose code loads then: most people are in one.

use leptos::prelude::*;

use crate::components::lazy_view::lazy_view;
use crate::components::live_row::{keys_of, live_item};
use crate::state::{memo, use_store};
use crate::store::TeamBadge;

/// The letters standing for a team: the initials of its first two words.
pub fn team_initials(display_name: &str) -> String {
    display_name
        .split_whitespace()
        .filter_map(|word| word.chars().next())
        .take(2)
        .flat_map(char::to_uppercase)
        .collect()
}

/// A team as its chip shows it.
#[derive(Clone, Debug, PartialEq)]
struct TeamChip {
    current: bool,
    name: String,
    display_name: String,
    unread: TeamBadge,
}

impl TeamChip {
    fn label(&self) -> String {
        let TeamBadge { unread, mentions } = self.unread;
        match (self.current, mentions, unread) {
            (false, 0, true) => format!("{}, unread messages", self.display_name),
            (false, 0, false) | (true, _, _) => self.display_name.clone(),
            (false, n, _) => format!("{}, {n} mentions", self.display_name),
        }
    }

    /// Mentions shown on the chip: none on the team being looked at.
    fn shown_mentions(&self) -> Option<i64> {
        (!self.current && self.unread.mentions > 0).then_some(self.unread.mentions)
    }
}

fn team_name(chip: &TeamChip) -> String {
    chip.name.clone()
}

lazy_view! {
    pub(crate) fn team_switcher(team_id: String) {
        view! { <TeamSwitcher team_id/> }
    }
}

#[component]
fn TeamSwitcher(team_id: String) -> impl IntoView {
    let store = use_store();
    let teams = memo(move || {
        store.with(|s| {
            s.teams
                .iter()
                .map(|t| TeamChip {
                    current: t.id == team_id,
                    name: t.name.clone(),
                    display_name: t.display_name.clone(),
                    unread: s.team_badge(&t.id),
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <ul class="team-switcher" aria-label="Teams">
            <For each=keys_of(teams, team_name) key=|name| name.clone() let:name>
                <TeamLink team=live_item(teams, name, team_name)/>
            </For>
        </ul>
    }
}

/// One team's chip, updated in place as its unread state changes.
#[component]
fn TeamLink(team: Memo<Option<TeamChip>>) -> impl IntoView {
    let read = move |field: fn(&TeamChip) -> String| {
        move || team.with(|t| t.as_ref().map(field).unwrap_or_default())
    };
    let is = move |test: fn(&TeamChip) -> bool| move || team.with(|t| t.as_ref().is_some_and(test));
    let mentions = move || team.with(|t| t.as_ref().and_then(TeamChip::shown_mentions));
    view! {
        <li>
            <a href=read(|t| crate::router::town_square_path(&t.name)) class="team-chip"
                class:unread=is(|t| !t.current && t.unread.unread)
                aria-current=move || is(|t| t.current)().then_some("page")
                aria-label=read(TeamChip::label) title=read(|t| t.display_name.clone())>
                {read(|t| team_initials(&t.display_name))}
            </a>
            {move || mentions().map(|mentions| view! {
                <span class="badge team-badge" aria-hidden="true">{mentions}</span>
            })}
        </li>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn initials_of_the_first_two_words() {
        assert_eq!(super::team_initials("Oxbow Project Team"), "OP");
        assert_eq!(super::team_initials("demo"), "D");
        assert_eq!(super::team_initials(""), "");
    }
}

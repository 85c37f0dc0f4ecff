//! My teams, to switch between, each with its unread dot and mention count. Shown only to
//! people in more than one team.

use leptos::prelude::*;

use crate::state::use_store;
use crate::store::TeamUnread;

/// The letters standing for a team: the initials of its first two words.
pub fn team_initials(display_name: &str) -> String {
    display_name
        .split_whitespace()
        .filter_map(|word| word.chars().next())
        .take(2)
        .flat_map(char::to_uppercase)
        .collect()
}

#[component]
pub fn TeamSwitcher(team_id: String) -> impl IntoView {
    let store = use_store();
    let teams = Memo::new(move |_| {
        store.with(|s| {
            s.teams
                .iter()
                .map(|t| {
                    let current = t.id == team_id;
                    (
                        current,
                        t.name.clone(),
                        t.display_name.clone(),
                        s.team_unread(&t.id),
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <Show when=move || teams.with(|t| t.len() > 1)>
            <ul class="team-switcher" aria-label="Teams">
                <For each=move || teams.get() key=|t| t.clone() let:team>
                    {
                        let (current, name, display_name, unread) = team;
                        let TeamUnread { unread, mentions } = unread;
                        let label = match (current, mentions, unread) {
                            (true, _, _) => display_name.clone(),
                            (false, 0, true) => format!("{display_name}, unread messages"),
                            (false, 0, false) => display_name.clone(),
                            (false, n, _) => format!("{display_name}, {n} mentions"),
                        };
                        view! {
                            <li>
                                <a href=format!("/{name}/channels/town-square") class="team-chip"
                                    class:unread=!current && unread
                                    aria-current=current.then_some("page")
                                    aria-label=label title=display_name.clone()>
                                    {team_initials(&display_name)}
                                </a>
                                {(!current && mentions > 0).then(|| view! {
                                    <span class="badge team-badge" aria-hidden="true">{mentions}</span>
                                })}
                            </li>
                        }
                    }
                </For>
            </ul>
        </Show>
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

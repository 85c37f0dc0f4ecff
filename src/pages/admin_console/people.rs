//! The console's People section: a page of people under a view, or a search; per person,
//! deactivate or reactivate, make or unmake system admin, set a password, or make a one-time
//! reset link to hand over.

use brisk_model::User;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::actions::console::{self, ConsoleSignal};
use crate::store::console::PeopleView;

#[component]
pub fn People(console: ConsoleSignal) -> impl IntoView {
    let term = RwSignal::new(String::new());
    // Whose password is being set, if anyone's.
    let setting_password = RwSignal::new(None::<User>);
    let on_search = move |event: SubmitEvent| {
        event.prevent_default();
        let term = term.get_untracked().trim().to_string();
        spawn_local(async move {
            if term.is_empty() {
                console::show_page(console, 0).await;
            } else {
                console::search(console, term).await;
            }
        });
    };
    let on_view = move |event: leptos::ev::Event| {
        let chosen = event_target_value(&event);
        if let Some(view) = PeopleView::ALL.into_iter().find(|v| v.label() == chosen) {
            console.update(|c| c.set_view(view));
            term.set(String::new());
            spawn_local(console::show_page(console, 0));
        }
    };
    let page = move || console.with(|c| c.page);
    view! {
        <section class="console-section" aria-labelledby="console-people">
            <h2 id="console-people">"People"</h2>
            <div class="console-controls">
                <label for="people-view">"Show"</label>
                <select id="people-view" on:change=on_view>
                    {PeopleView::ALL.into_iter().map(|view| view! {
                        <option selected=move || console.with(|c| c.view == view)>{view.label()}</option>
                    }).collect_view()}
                </select>
                <form class="console-search" role="search" on:submit=on_search>
                    <label for="people-search">"Search people"</label>
                    <input id="people-search" type="search" maxlength="64" bind:value=term/>
                    <button type="submit">"Search"</button>
                </form>
            </div>
            <ResetLinkNote console/>
            {move || setting_password.get().map(|user| view! { <SetPassword console user done=setting_password/> })}
            <table class="console-table">
                <thead><tr>
                    <th scope="col">"Username"</th>
                    <th scope="col">"Name"</th>
                    <th scope="col">"Email"</th>
                    <th scope="col">"Role"</th>
                    <th scope="col">"Status"</th>
                    <th scope="col">"Actions"</th>
                </tr></thead>
                <tbody>
                    <For
                        each=move || console.with(|c| c.people.clone())
                        key=|user| (user.id.clone(), user.delete_at, user.roles.clone())
                        let:user
                    >
                        <PersonRow console user setting_password/>
                    </For>
                </tbody>
            </table>
            {move || console.with(|c| c.people.is_empty()).then(|| view! { <p>"Nobody here."</p> })}
            <Show when=move || console.with(|c| c.search.is_none())>
                <nav class="console-pager" aria-label="Pages of people">
                    <button type="button" disabled=move || page() == 0
                        on:click=move |_| spawn_local(console::show_page(console, page().saturating_sub(1)))>
                        "Previous"
                    </button>
                    <span>{move || format!("Page {}", page() + 1)}</span>
                    <button type="button" disabled=move || !console.with(|c| c.more)
                        on:click=move |_| spawn_local(console::show_page(console, page() + 1))>
                        "Next"
                    </button>
                </nav>
            </Show>
        </section>
    }
}

#[component]
fn PersonRow(
    console: ConsoleSignal,
    user: User,
    setting_password: RwSignal<Option<User>>,
) -> impl IntoView {
    let active = user.delete_at == 0;
    let admin = user.is_system_admin();
    let name = format!("{} {}", user.first_name, user.last_name)
        .trim()
        .to_string();
    let (for_active, for_admin, for_password, for_link) =
        (user.clone(), user.clone(), user.clone(), user.clone());
    view! {
        <tr>
            <th scope="row">{user.username.clone()}</th>
            <td>{name}</td>
            <td>{user.email.clone()}</td>
            <td>{if admin { "System admin" } else { "Member" }}</td>
            <td>{if active { "Active" } else { "Deactivated" }}</td>
            <td class="console-actions">
                <button type="button" class="secondary" on:click=move |_| {
                    let user = for_active.clone();
                    if active {
                        spawn_local(console::deactivate(console, user));
                    } else {
                        spawn_local(console::reactivate(console, user));
                    }
                }>{if active { "Deactivate" } else { "Reactivate" }}</button>
                <button type="button" class="secondary" on:click=move |_| {
                    spawn_local(console::set_system_admin(console, for_admin.clone(), !admin));
                }>{if admin { "Remove admin" } else { "Make admin" }}</button>
                <Show when=move || active>
                    <button type="button" class="secondary"
                        on:click={let user = for_password.clone(); move |_| setting_password.set(Some(user.clone()))}>
                        "Set password"
                    </button>
                    <button type="button" class="secondary"
                        on:click={let user = for_link.clone(); move |_| spawn_local(console::make_reset_link(console, user.clone()))}>
                        "Reset link"
                    </button>
                </Show>
            </td>
        </tr>
    }
}

/// The form that sets someone's password.
#[component]
fn SetPassword(console: ConsoleSignal, user: User, done: RwSignal<Option<User>>) -> impl IntoView {
    let password = RwSignal::new(String::new());
    let heading = format!("New password for {}", user.username);
    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        let (user, chosen) = (user.clone(), password.get_untracked());
        spawn_local(async move {
            if console::set_password(console, user, chosen).await {
                done.set(None);
            }
        });
    };
    view! {
        <form class="console-panel" on:submit=on_submit>
            <label for="new-password">{heading}</label>
            <input id="new-password" type="password" autocomplete="new-password"
                minlength=brisk_model::rules::PASSWORD_MIN maxlength=brisk_model::rules::PASSWORD_MAX
                required bind:value=password/>
            <button type="submit">"Save password"</button>
            <button type="button" class="secondary" on:click=move |_| done.set(None)>"Cancel"</button>
        </form>
    }
}

/// The reset link made last, to hand over.
#[component]
fn ResetLinkNote(console: ConsoleSignal) -> impl IntoView {
    move || {
        console.with(|c| c.reset_link.clone()).map(|reset| match reset.link {
            Some(link) => view! {
                <div class="console-panel">
                    <label for="reset-link">{format!("Reset link for {}", reset.username)}</label>
                    <input id="reset-link" type="text" readonly value=link
                        on:focus=|event| { event_target::<web_sys::HtmlInputElement>(&event).select(); }/>
                    <p>"It sets a new password once, within 24 hours. Give it to them by a way you trust."</p>
                </div>
            }.into_any(),
            None => view! {
                <p class="console-panel">{format!("The server emailed {} a reset link.", reset.username)}</p>
            }.into_any(),
        })
    }
}

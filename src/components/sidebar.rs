//! The team's channels and direct messages with unread state (and the other person's status),
//! first the "Catch up" view with the team's unread total, the team switcher and menu, the "+"
//! buttons, and the session controls.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::actions;
use crate::components::drawer::{use_drawer, Drawer};
use crate::components::lazy_view::{lazy_view, LazyView};
use crate::components::live_row::{keys_of, live_item};
use crate::components::menu::Menu;
use crate::components::notifications_offer::notifications_offer;
use crate::components::team_dialog_state::use_team_dialogs;
use crate::components::team_menu::team_menu;
use crate::components::team_switcher::team_switcher;
use crate::components::unread_badge::UnreadBadge;
use crate::state::{effect, memo, use_store};
use crate::store::{catch_up_path, unread_totals, SidebarChannel, SidebarSection};

lazy_view! {
    /// The channels section's "+" menu (browse, create), its code (the menu's) loaded as the
    /// sidebar is first drawn, as the team menu's is: its button shows a moment after the list.
    pub(crate) fn add_channel_menu() {
        let dialogs = use_team_dialogs();
        view! {
            <Menu id="add-channel" class="section-add" label="+" aria_label="Add channels">
                <li><button type="button" on:click=move |_| dialogs.browse_channels.set(true)>"Browse channels"</button></li>
                <li><button type="button" on:click=move |_| dialogs.create_channel.set(true)>"Create new channel"</button></li>
            </Menu>
        }
    }
}

#[component]
pub fn Sidebar(team_id: String) -> impl IntoView {
    let store = use_store();
    let menu_team_id = team_id.clone();
    let switcher_team_id = team_id.clone();
    let several_teams = memo(move || store.with(|s| s.teams.len() > 1));
    let dialogs = use_team_dialogs();
    actions::people::keep_statuses_fresh(store);
    focus_when_drawer_opens();
    let drawer = use_drawer();
    let team = {
        let team_id = team_id.clone();
        memo(move || {
            store.with(|s| {
                let team = s.teams.iter().find(|t| t.id == team_id);
                team.map(|t| (t.name.clone(), t.display_name.clone()))
                    .unwrap_or_default()
            })
        })
    };
    let entries = {
        let team_id = team_id.clone();
        memo(move || store.with(|s| s.sidebar(&team_id)))
    };
    let totals = memo(move || entries.with(|all| unread_totals(all)));
    let on_catch_up = memo(move || store.with(|s| s.catch_up.is_some()));
    let my_name = memo(move || {
        store.with(|s| {
            s.me.as_ref()
                .map(|me| me.username.clone())
                .unwrap_or_default()
        })
    });

    let leaving = RwSignal::new(false);
    let log_out = move |_| {
        leaving.set(true);
        spawn_local(async move {
            actions::session::log_out(store).await;
            crate::router::navigate("/login");
        });
    };

    let section = move |section: SidebarSection, title: &'static str, add: AnyView| {
        let in_section = memo(move || {
            entries.with(|all| {
                all.iter()
                    .filter(|e| e.section == section)
                    .cloned()
                    .collect::<Vec<_>>()
            })
        });
        view! {
            <div class="sidebar-section-header">
                <h3 class="sidebar-section">{title}</h3>
                {add}
            </div>
            <ul>
                <For each=keys_of(in_section, channel_id) key=|id| id.clone() let:id>
                    <ChannelLink entry=live_item(in_section, id, channel_id) team_name=Signal::derive(move || team.with(|t| t.0.clone()))/>
                </For>
            </ul>
        }
    };
    let add_channel = view! { <LazyView view=add_channel_menu()/> }.into_any();
    let add_direct = view! {
        <button type="button" class="section-add menu-button" aria-label="Write a direct message"
            on:click=move |_| dialogs.direct_messages.set(true)>"+"</button>
    }
    .into_any();

    view! {
        <nav class="sidebar" id="sidebar" aria-label="Channels" on:click=move |event| close_drawer_on_link(&event, drawer)>
            <Show when=move || several_teams.get()>
                <LazyView view=team_switcher(switcher_team_id.clone())/>
            </Show>
            <header class="sidebar-header">
                <h2>{move || team.with(|t| t.1.clone())}</h2>
                <LazyView view=team_menu(menu_team_id)/>
                <p class="sidebar-me">{move || format!("@{}", my_name.get())}</p>
                <button type="button" on:click=log_out disabled=move || leaving.get()>"Log out"</button>
            </header>
            <button type="button" class="switcher-hint" on:click=move |_| dialogs.switcher.set(true)>
                "Find channel " <kbd>"Ctrl+K"</kbd>
            </button>
            <ul>
                <li class="sidebar-channel">
                    <a
                        href=move || catch_up_path(&team.with(|t| t.0.clone()))
                        class:unread=move || totals.get() != (0, 0)
                        aria-current=move || on_catch_up.get().then_some("page")
                        aria-keyshortcuts="Control+Shift+U Meta+Shift+U"
                        title="Catch up (Ctrl+Shift+U)"
                    >"Catch up"</a>
                    {move || {
                        let (mentions, messages) = totals.get();
                        view! { <UnreadBadge mentions=mentions messages=messages/> }
                    }}
                </li>
            </ul>
            {section(SidebarSection::Channels, "Channels", add_channel)}
            {section(SidebarSection::DirectMessages, "Direct messages", add_direct)}
            <LazyView view=notifications_offer()/>
        </nav>
    }
}

#[component]
fn ChannelLink(entry: Memo<Option<SidebarChannel>>, team_name: Signal<String>) -> impl IntoView {
    let store = use_store();
    // The row outlives its entry for a moment when the channel leaves the list.
    let read = move |field: fn(&SidebarChannel) -> String| {
        move || entry.with(|e| e.as_ref().map(field).unwrap_or_default())
    };
    let status = move || entry.with(|e| e.as_ref().and_then(|e| e.status.clone()));
    let is_open = memo(move || {
        let open = store.with(|s| s.open_channel_id.clone());
        entry.with(|e| {
            e.as_ref()
                .is_some_and(|e| open.as_deref() == Some(e.id.as_str()))
        })
    });
    let href = move || {
        entry.with(|e| {
            e.as_ref()
                .map(|e| team_name.with(|team| e.route.path(team)))
                .unwrap_or_default()
        })
    };
    let badge = move || {
        entry.with(|e| {
            e.as_ref().map(|e| {
                view! { <UnreadBadge mentions=e.mentions messages=e.unread_messages/> }
            })
        })
    };

    view! {
        <li class="sidebar-channel">
            <a
                href=href
                class:unread=move || entry.with(|e| e.as_ref().is_some_and(|e| e.unread))
                class:muted=move || entry.with(|e| e.as_ref().is_some_and(|e| e.muted))
                aria-current=move || is_open.get().then_some("page")
            >
                {move || status().map(|status| view! {
                    <span class=format!("status status-{status}") aria-hidden="true"></span>
                })}
                {read(|e| e.display_name.clone())}
                {move || status().map(|status| view! { <span class="visually-hidden">{format!(", {status}")}</span> })}
                {move || entry.with(|e| e.as_ref().is_some_and(|e| e.muted)).then(|| view! { <span class="visually-hidden">", muted"</span> })}
            </a>
            // Outside the link so the link's accessible name stays the channel name.
            {badge}
        </li>
    }
}

fn channel_id(entry: &SidebarChannel) -> String {
    entry.id.clone()
}

/// Choosing a link in the drawer closes it.
fn close_drawer_on_link(event: &leptos::ev::MouseEvent, drawer: Option<Drawer>) {
    let on_link = event
        .target()
        .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
        .and_then(|e| e.closest("a").ok().flatten())
        .is_some();
    if let (true, Some(drawer)) = (on_link, drawer) {
        drawer.close();
    }
}

/// On a phone, opening the drawer moves focus into it (to the current channel, else the first
/// link), so keyboard and screen reader users land where they can choose.
fn focus_when_drawer_opens() {
    let Some(Drawer(open)) = use_drawer() else {
        return;
    };
    effect(move || {
        if open.get() {
            request_animation_frame(|| {
                let first = |selector: &str| document().query_selector(selector).ok().flatten();
                let target = first("#sidebar a[aria-current='page']")
                    .or_else(|| first("#sidebar a"))
                    .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok());
                if let Some(link) = target {
                    let _ = link.focus();
                }
            });
        }
    });
}

//! "Browse channels": the team's public channels with how many people are in each and when each
//! was last posted in, to filter, sort, preview or join; its archived channels, to read. Team
//! admins also find the unused channels there and archive them.

use brisk_model::Channel;
use leptos::prelude::*;

use crate::actions::{self, ApiError};
use crate::async_state::AsyncAction;
use crate::browser::time;
use crate::components::archive_channel::ArchiveChannel;
use crate::components::team_dialog_state::{use_go_from_dialog, use_team_dialogs};
use crate::state::{effect, memo, use_store};
use crate::store::{activity_words, member_count_words, BrowseSort, BrowseView, ChannelBrowser};

/// Channels a page, Mattermost's most; "Load more" asks for the next.
const PER_PAGE: u32 = 200;

/// The "no posts in" choices of the unused filter, in days.
const QUIET_DAYS: [i64; 3] = [30, 90, 180];

/// One listed channel as its row shows it.
#[derive(Clone, PartialEq)]
struct Row {
    channel: Channel,
    joined: bool,
    /// "12 members · active 3 h ago".
    life: String,
}

#[component]
pub fn BrowseChannels(team_id: String) -> impl IntoView {
    let store = use_store();
    let dialogs = use_team_dialogs();
    let navigate = use_go_from_dialog();
    let browser = RwSignal::new(ChannelBrowser::new(false));
    let view_asked = RwSignal::new(BrowseView::default());
    // The dialog's content is made anew each time it opens: the times are as of then.
    let now = time::now_ms();
    let team_name = store.with_untracked(|s| s.team_name(&team_id));
    let admin = {
        let team_id = team_id.clone();
        memo(move || store.with(|s| s.is_team_admin(&team_id)))
    };

    let load = AsyncAction::new(move |&(archived, page): &(bool, u32)| {
        let team_id = team_id.clone();
        async move {
            let (channels, counts) =
                actions::channels::browse_page(&team_id, archived, page, PER_PAGE).await?;
            browser.update(|b| b.apply_page(archived, page, PER_PAGE as usize, channels, counts));
            Ok::<_, ApiError>(())
        }
    });
    let show_listing = move |archived: bool| {
        browser.set(ChannelBrowser::new(archived));
        // Unused is a question about live channels: the archived ones are listed whole.
        view_asked.update(|v| v.quiet_for_days = None);
        load.dispatch((archived, 0));
    };
    show_listing(false);
    let load_failed = move || {
        load.value()
            .with(|v| v.as_ref()?.as_ref().err().map(ApiError::user_message))
    };

    let open_channel = Callback::new(move |channel: Channel| {
        dialogs.browse_channels.set(false);
        navigate(&format!("/{team_name}/channels/{}", channel.name));
    });
    let join = AsyncAction::new(move |channel: &Channel| {
        let channel = channel.clone();
        async move {
            actions::channels::join(store, &channel.id).await?;
            Ok::<_, ApiError>(channel)
        }
    });
    effect(move || {
        if let Some(Ok(channel)) = join.value().get() {
            open_channel.run(channel);
        }
    });
    let join_failed = move || {
        join.value()
            .with(|v| v.as_ref()?.as_ref().err().map(ApiError::user_message))
    };

    let to_archive = RwSignal::new(Channel::default());
    let archive_open = RwSignal::new(false);
    let ask_to_archive = Callback::new(move |channel: Channel| {
        to_archive.set(channel);
        archive_open.set(true);
    });

    let rows = memo(move || {
        let asked = view_asked.get();
        browser.with(|b| {
            store.with(|s| {
                b.rows(&asked, now)
                    .into_iter()
                    .map(|c| Row {
                        joined: s.is_member(&c.id),
                        life: [
                            b.member_count(&c.id).map(member_count_words),
                            Some(activity_words(c, now)),
                        ]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(" · "),
                        channel: c.clone(),
                    })
                    .collect::<Vec<_>>()
            })
        })
    });
    let archived_listing = move || browser.with(ChannelBrowser::archived);

    view! {
        <div class="dialog-body browse-channels">
            <div class="browse-controls">
                <div class="field">
                    <label for="browse-filter">"Filter channels"</label>
                    <input id="browse-filter" type="search" autocomplete="off" autofocus
                        prop:value=move || view_asked.with(|v| v.query.clone())
                        on:input=move |event| view_asked.update(|v| v.query = event_target_value(&event))/>
                </div>
                <div class="field">
                    <label for="browse-listing">"Show"</label>
                    <select id="browse-listing" on:change=move |event| {
                        show_listing(event_target_value(&event) == "archived");
                    }>
                        <option value="public">"Public channels"</option>
                        <option value="archived">"Archived channels"</option>
                    </select>
                </div>
                <div class="field">
                    <label for="browse-sort">"Sort by"</label>
                    <select id="browse-sort" on:change=move |event| {
                        let sort = if event_target_value(&event) == "activity" { BrowseSort::Activity } else { BrowseSort::Name };
                        view_asked.update(|v| v.sort = sort);
                    }>
                        <option value="name">"Name"</option>
                        <option value="activity">"Recent activity"</option>
                    </select>
                </div>
                <Show when=move || admin.get() && !archived_listing()>
                    <div class="field">
                        <label for="browse-unused">"Unused channels"</label>
                        <select id="browse-unused" on:change=move |event| {
                            let days = event_target_value(&event).parse::<i64>().ok();
                            view_asked.update(|v| v.quiet_for_days = days);
                        }>
                            <option value="">"Any activity"</option>
                            {QUIET_DAYS.iter().map(|days| view! {
                                <option value=days.to_string()>{format!("No posts in {days} days")}</option>
                            }).collect_view()}
                        </select>
                    </div>
                </Show>
            </div>
            {move || join_failed().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
            {move || load_failed().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
            <Show when=move || browser.with(ChannelBrowser::loaded)
                fallback=move || view! { <p class="list-status">{move || if load.pending() { "Loading channels…" } else { "" }}</p> }>
                <ul class="browse-list" aria-label="Channels">
                    <For each=move || rows.get() key=|row| (row.channel.id.clone(), row.channel.update_at, row.joined, row.life.clone()) let:row>
                        <BrowseRow
                            row=row
                            can_archive=Signal::derive(move || admin.get() && !archived_listing())
                            on_open=open_channel
                            on_join=move |c: Channel| { join.dispatch(c); }
                            on_archive=ask_to_archive
                            joining=Signal::derive(move || join.pending())
                        />
                    </For>
                </ul>
                <Show when=move || rows.with(Vec::is_empty)>
                    <p class="list-status">"No channels match."</p>
                </Show>
                <Show when=move || browser.with(|b| b.next_page().is_some() && b.loaded())>
                    <button type="button" class="secondary load-more" disabled=move || load.pending()
                        on:click=move |_| {
                            let (archived, next) = browser.with_untracked(|b| (b.archived(), b.next_page()));
                            if let Some(page) = next {
                                load.dispatch((archived, page));
                            }
                        }>"Load more channels"</button>
                </Show>
            </Show>
            <div class="dialog-actions">
                <button type="button" class="secondary" on:click=move |_| {
                    dialogs.browse_channels.set(false);
                    dialogs.create_channel.set(true);
                }>"Create new channel"</button>
            </div>
            <ArchiveChannel
                id="archive-from-browser"
                title=Signal::derive(move || to_archive.with(|c| format!("Archive {}", c.display_name)))
                channel_id=Signal::derive(move || to_archive.with(|c| c.id.clone()))
                open=archive_open
                on_archived=Callback::new(move |channel_id: String| browser.update(|b| b.remove(&channel_id)))
            />
        </div>
    }
}

#[component]
fn BrowseRow(
    row: Row,
    can_archive: Signal<bool>,
    on_open: Callback<Channel>,
    on_join: impl Fn(Channel) + 'static,
    on_archive: Callback<Channel>,
    joining: Signal<bool>,
) -> impl IntoView {
    let Row {
        channel,
        joined,
        life,
    } = row;
    let archived = channel.delete_at > 0;
    // Town Square holds everyone on the team: Mattermost refuses to archive it.
    let archivable = !archived && channel.name != "town-square";
    let title = channel.display_name.clone();
    let for_open = channel.clone();
    let for_join = channel.clone();
    let for_archive = channel.clone();
    view! {
        <li class="browse-row">
            <div class="browse-row-text">
                <button type="button" class="link-button" on:click=move |_| on_open.run(for_open.clone())>{title.clone()}</button>
                {(!channel.purpose.is_empty()).then(|| view! { <p class="browse-purpose">{channel.purpose.clone()}</p> })}
                <p class="browse-life">{life}</p>
            </div>
            {if archived {
                view! { <span class="tag">"Archived"</span> }.into_any()
            } else if joined {
                view! { <span class="browse-joined">"Joined"</span> }.into_any()
            } else {
                let title = title.clone();
                view! {
                    <button type="button" aria-label=format!("Join {title}") disabled=move || joining.get()
                        on:click=move |_| on_join(for_join.clone())>"Join"</button>
                }.into_any()
            }}
            {move || (archivable && can_archive.get()).then(|| {
                let for_archive = for_archive.clone();
                view! {
                    <button type="button" class="secondary danger" aria-label=format!("Archive {title}")
                        on:click=move |_| on_archive.run(for_archive.clone())>"Archive"</button>
                }
            })}
        </li>
    }
}

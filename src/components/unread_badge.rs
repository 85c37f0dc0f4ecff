//! The count after a sidebar entry: mentions in a red badge, else a quiet number of unread
//! messages. Each says what it counts to screen readers.

use leptos::prelude::*;

#[component]
pub fn UnreadBadge(mentions: i64, messages: i64) -> impl IntoView {
    if mentions > 0 {
        let label = if mentions == 1 {
            "1 mention".to_string()
        } else {
            format!("{mentions} mentions")
        };
        Some(
            view! { <span class="badge" aria-label=label.clone() title=label>{mentions}</span> }
                .into_any(),
        )
    } else if messages > 0 {
        let label = if messages == 1 {
            "1 unread message".to_string()
        } else {
            format!("{messages} unread messages")
        };
        Some(view! { <span class="unread-count" aria-label=label.clone() title=label>{messages}</span> }.into_any())
    } else {
        None
    }
}

//! The line above the first post that was unread when the reader opened the channel.

use leptos::prelude::*;

#[component]
pub fn NewMessagesLine() -> impl IntoView {
    view! {
        <div class="day-separator new-messages-line" role="separator" aria-label="New messages" data-testid="new-messages-line">
            <span>"New messages"</span>
        </div>
    }
}

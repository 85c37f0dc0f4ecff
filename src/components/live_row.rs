//! Lists whose rows change while people point at them (unread counts, reaction counts, names
//! arriving): each row is keyed by what it is, not by what it shows, and follows its item, so a
//! change updates the row in place. A row rebuilt under the pointer loses the click that was
//! under way and the keyboard focus that was on it.

use leptos::prelude::*;

use crate::state::memo;

/// The keys of `list`, in its order: what a `For` iterates.
pub fn keys_of<T, K>(list: Memo<Vec<T>>, key_of: fn(&T) -> K) -> impl Fn() -> Vec<K> + Copy
where
    T: Send + Sync + 'static,
    K: 'static,
{
    move || list.with(|items| items.iter().map(key_of).collect())
}

/// The current item of `list` with `key` (`None` for the moment between the item leaving the
/// list and its row being removed).
pub fn live_item<T, K>(list: Memo<Vec<T>>, key: K, key_of: fn(&T) -> K) -> Memo<Option<T>>
where
    T: Clone + PartialEq + Send + Sync + 'static,
    K: PartialEq + Send + Sync + 'static,
{
    memo(move || list.with(|items| items.iter().find(|item| key_of(item) == key).cloned()))
}

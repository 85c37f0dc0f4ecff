//! Emoji reactions per post: who reacted with what, applied from posts' metadata and from
//! `reaction_added` / `reaction_removed`, plus the reader's recently used emoji.

use brisk_model::{Post, Reaction};

use super::Store;

/// How many recently used emoji the picker offers first.
pub const RECENT_EMOJI_MAX: usize = 16;

/// One emoji's reactions on a post, as the chips under it show them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReactionGroup {
    pub emoji_name: String,
    /// Who reacted, in the order they did.
    pub user_ids: Vec<String>,
    pub includes_me: bool,
}

impl Store {
    /// Takes the reactions a server copy of a post carries (its `metadata.reactions`).
    pub(super) fn record_reactions(&mut self, post: &Post) {
        if post.metadata.reactions.is_empty() {
            self.reactions.remove(&post.id);
        } else {
            self.reactions
                .insert(post.id.clone(), post.metadata.reactions.clone());
        }
    }

    /// `reaction_added`, or my own reaction before the server confirms it; a repeat is ignored.
    pub fn add_reaction(&mut self, reaction: Reaction) {
        let held = self.reactions.entry(reaction.post_id.clone()).or_default();
        if !held
            .iter()
            .any(|r| r.user_id == reaction.user_id && r.emoji_name == reaction.emoji_name)
        {
            held.push(reaction);
        }
    }

    /// `reaction_removed`, or my own removal before the server confirms it.
    pub fn remove_reaction(&mut self, post_id: &str, user_id: &str, emoji_name: &str) {
        if let Some(held) = self.reactions.get_mut(post_id) {
            held.retain(|r| !(r.user_id == user_id && r.emoji_name == emoji_name));
            if held.is_empty() {
                self.reactions.remove(post_id);
            }
        }
    }

    /// Whether I reacted to the post with this emoji.
    pub fn reacted(&self, post_id: &str, emoji_name: &str) -> bool {
        let me = self.my_id();
        self.reactions.get(post_id).is_some_and(|held| {
            held.iter()
                .any(|r| r.user_id == me && r.emoji_name == emoji_name)
        })
    }

    /// The post's reactions grouped by emoji, in the order each emoji was first used.
    pub fn reaction_groups(&self, post_id: &str) -> Vec<ReactionGroup> {
        let mut held: Vec<&Reaction> = self.reactions.get(post_id).into_iter().flatten().collect();
        held.sort_by_key(|r| r.create_at);
        let mut groups: Vec<ReactionGroup> = Vec::new();
        for reaction in held {
            let mine = reaction.user_id == self.my_id();
            match groups
                .iter_mut()
                .find(|g| g.emoji_name == reaction.emoji_name)
            {
                Some(group) => {
                    group.user_ids.push(reaction.user_id.clone());
                    group.includes_me |= mine;
                }
                None => groups.push(ReactionGroup {
                    emoji_name: reaction.emoji_name.clone(),
                    user_ids: vec![reaction.user_id.clone()],
                    includes_me: mine,
                }),
            }
        }
        groups
    }
}

/// The recent-emoji list after using `name`: it moves to the front, the list stays short.
pub fn push_recent_emoji(recent: &[String], name: &str) -> Vec<String> {
    std::iter::once(name.to_string())
        .chain(recent.iter().filter(|r| *r != name).cloned())
        .take(RECENT_EMOJI_MAX)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::store;

    fn reaction(user: &str, emoji: &str, at: i64) -> Reaction {
        Reaction {
            user_id: user.into(),
            post_id: "p1".into(),
            emoji_name: emoji.into(),
            create_at: at,
        }
    }

    #[test]
    fn reactions_group_by_emoji_in_first_use_order_and_know_mine() {
        let mut store = store();
        store.add_reaction(reaction("bob", "tada", 20));
        store.add_reaction(reaction("me", "+1", 10));
        store.add_reaction(reaction("bob", "+1", 30));
        store.add_reaction(reaction("bob", "+1", 31));
        let groups = store.reaction_groups("p1");
        assert_eq!(groups.len(), 2);
        assert_eq!(
            (
                groups[0].emoji_name.as_str(),
                groups[0].user_ids.clone(),
                groups[0].includes_me
            ),
            ("+1", vec!["me".to_string(), "bob".to_string()], true)
        );
        assert_eq!(groups[1].user_ids, ["bob"]);
        assert!(!groups[1].includes_me);
        assert!(store.reacted("p1", "+1"));

        store.remove_reaction("p1", "me", "+1");
        store.remove_reaction("p1", "bob", "+1");
        assert!(!store.reacted("p1", "+1"));
        assert_eq!(store.reaction_groups("p1").len(), 1);
    }

    #[test]
    fn a_server_copy_of_the_post_brings_its_reactions() {
        let mut store = store();
        let mut post = Post {
            id: "p1".into(),
            ..Post::default()
        };
        post.metadata.reactions = vec![Reaction {
            user_id: "bob".into(),
            post_id: "p1".into(),
            emoji_name: "heart".into(),
            create_at: 5,
        }];
        store.record_reactions(&post);
        assert_eq!(store.reaction_groups("p1")[0].emoji_name, "heart");
        post.metadata.reactions.clear();
        store.record_reactions(&post);
        assert!(store.reaction_groups("p1").is_empty());
    }

    #[test]
    fn recent_emoji_move_to_the_front_and_stay_few() {
        let recent = push_recent_emoji(&["tada".into(), "+1".into()], "+1");
        assert_eq!(recent, ["+1", "tada"]);
        let many: Vec<String> = (0..40).map(|i| i.to_string()).collect();
        assert_eq!(push_recent_emoji(&many, "x").len(), RECENT_EMOJI_MAX);
    }
}

//! Unread messages and mentions per channel, by Mattermost's rules.

use brisk_model::{Channel, ChannelMember};

/// What the sidebar needs to know about a channel's unread state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Unread {
    pub messages: i64,
    pub mentions: i64,
    /// `mark_unread == "mention"`: only mentions make the channel look unread.
    pub muted: bool,
}

impl Unread {
    /// Computes the counts; with collapsed reply threads only root posts count.
    pub fn of(channel: &Channel, member: &ChannelMember, collapsed_threads: bool) -> Self {
        let (total, read, mentions) = if collapsed_threads {
            (
                channel.total_msg_count_root,
                member.msg_count_root,
                member.mention_count_root,
            )
        } else {
            (
                channel.total_msg_count,
                member.msg_count,
                member.mention_count,
            )
        };
        Self {
            messages: (total - read).max(0),
            mentions: mentions.max(0),
            muted: member.notify_props.mark_unread == "mention",
        }
    }

    /// Whether the channel is shown as unread (bold).
    pub fn is_unread(&self) -> bool {
        self.mentions > 0 || (self.messages > 0 && !self.muted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(total: i64, total_root: i64, read: i64, read_root: i64) -> (Channel, ChannelMember) {
        let channel = Channel {
            total_msg_count: total,
            total_msg_count_root: total_root,
            ..Channel::default()
        };
        let member = ChannelMember {
            msg_count: read,
            msg_count_root: read_root,
            ..ChannelMember::default()
        };
        (channel, member)
    }

    #[test]
    fn unread_is_total_minus_read() {
        let (channel, member) = pair(10, 6, 7, 6);
        let unread = Unread::of(&channel, &member, false);
        assert_eq!(unread.messages, 3);
        assert!(unread.is_unread());
        assert!(
            !Unread::of(&channel, &member, true).is_unread(),
            "only replies are new"
        );
    }

    #[test]
    fn read_counts_above_the_total_never_go_negative() {
        let (channel, member) = pair(3, 3, 5, 5);
        assert_eq!(Unread::of(&channel, &member, false).messages, 0);
    }

    #[test]
    fn a_muted_channel_is_unread_only_with_mentions() {
        let (channel, mut member) = pair(10, 10, 2, 2);
        member.notify_props.mark_unread = "mention".into();
        assert!(!Unread::of(&channel, &member, false).is_unread());
        member.mention_count = 1;
        let unread = Unread::of(&channel, &member, false);
        assert!(unread.is_unread());
        assert_eq!(unread.mentions, 1);
    }

    #[test]
    fn mentions_alone_make_a_read_channel_unread() {
        let (channel, mut member) = pair(4, 4, 4, 4);
        member.mention_count = 2;
        assert!(Unread::of(&channel, &member, false).is_unread());
    }
}

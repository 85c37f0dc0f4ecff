//! Emoji shortcodes (`:tada:`) and text emoticons (`:)`), by Mattermost's names. The table of
//! emoji itself is in the model crate, shared with the server's chat bridges.

pub use brisk_model::emoji::{by_name, EMOJI};

/// Names (without aliases of an emoji already listed) containing `query`: those starting with
/// it first, each group in table order.
pub fn search(query: &str) -> Vec<&'static str> {
    let query = query.trim().trim_matches(':').to_ascii_lowercase();
    let mut seen = Vec::new();
    let mut names = Vec::new();
    for (name, emoji) in EMOJI {
        if name.contains(query.as_str()) && !seen.contains(emoji) {
            seen.push(*emoji);
            names.push(*name);
        }
    }
    names.sort_by_key(|name| !name.starts_with(query.as_str()));
    names
}

/// Text emoticons Mattermost turns into emoji, with the emoji's name. Longer forms first, so
/// `:-)` is not read as `:-` followed by something else. `true`: letters match in any case.
const EMOTICONS: &[(&str, &str, bool)] = &[
    (":-)", "slightly_smiling_face", false),
    (":)", "slightly_smiling_face", false),
    (";-)", "wink", false),
    (";)", "wink", false),
    (":-o", "scream", true),
    (":o", "open_mouth", true),
    (":-]", "smirk", false),
    (":]", "smirk", false),
    (":-d", "smile", true),
    (":d", "smile", true),
    ("x-d", "stuck_out_tongue_closed_eyes", true),
    (":-p", "stuck_out_tongue", true),
    (":p", "stuck_out_tongue", true),
    (":-[", "rage", false),
    (":[", "rage", false),
    (":-@", "rage", false),
    (":@", "rage", false),
    (":-(", "slightly_frowning_face", false),
    (":(", "slightly_frowning_face", false),
    (":'-(", "cry", false),
    (":'(", "cry", false),
    (":`-(", "cry", false),
    (":`(", "cry", false),
    (":’-(", "cry", false),
    (":’(", "cry", false),
    (":-/", "confused", false),
    (":/", "confused", false),
    (":-s", "confounded", true),
    (":s", "confounded", true),
    (":-|", "neutral_face", false),
    (":|", "neutral_face", false),
    (":-$", "flushed", false),
    (":$", "flushed", false),
    (":-x", "mask", true),
    ("</3", "broken_heart", false),
    ("<3", "heart", false),
];

/// The emoticon at the start of `text`: its length and the emoji's name. The caller checks that
/// no word character comes right before it; here we check none comes right after, and that a
/// smiley is not the start of a longer run of brackets (`:))` is text, as in Mattermost).
pub fn emoticon_at(text: &str) -> Option<(usize, &'static str)> {
    EMOTICONS.iter().find_map(|&(form, name, any_case)| {
        let head = text.get(..form.len())?;
        let matches = if any_case {
            head.eq_ignore_ascii_case(form)
        } else {
            head == form
        };
        let next = text[form.len()..].chars().next();
        let last = form.chars().next_back();
        let ends_cleanly = next.is_none_or(|c| !super::inline::is_word_char(c))
            && !(matches!(last, Some(')' | ']' | '(')) && next == last);
        (matches && ends_cleanly).then_some((form.len(), name))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_aliases_find_their_emoji() {
        assert_eq!(by_name("tada"), Some("🎉"));
        assert_eq!(by_name("+1"), by_name("thumbsup"));
        assert_eq!(by_name("no_such_emoji"), None);
    }

    #[test]
    fn search_lists_each_emoji_once() {
        let thumbs = search("thumbs");
        assert_eq!(thumbs, ["thumbsup", "thumbsdown"]);
        assert_eq!(search(":+1:"), ["+1"]);
        assert!(search("heart").starts_with(&["heart_eyes", "heart"]));
        assert_eq!(search("").len(), {
            let mut emoji: Vec<_> = EMOJI.iter().map(|(_, e)| *e).collect();
            emoji.sort_unstable();
            emoji.dedup();
            emoji.len()
        });
    }

    #[test]
    fn every_name_is_a_valid_shortcode() {
        for (name, emoji) in EMOJI {
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_+-".contains(c)),
                "{name}"
            );
            assert!(!emoji.is_empty());
        }
    }

    #[test]
    fn emoticons_need_a_clean_end() {
        assert_eq!(emoticon_at(":) yes"), Some((2, "slightly_smiling_face")));
        assert_eq!(emoticon_at(":-D"), Some((3, "smile")));
        assert_eq!(emoticon_at(":P"), Some((2, "stuck_out_tongue")));
        assert_eq!(emoticon_at(":))"), None);
        assert_eq!(emoticon_at(":pizza"), None);
        assert_eq!(emoticon_at("<3"), Some((2, "heart")));
        assert_eq!(emoticon_at(":'("), Some((3, "cry")));
    }
}

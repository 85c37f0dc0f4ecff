//! Emoji shortcodes (`:tada:`) and text emoticons (`:)`), by Mattermost's names.
//!
//! A hand-picked table of the emoji people use most, rather than the full Unicode set: every
//! byte of it is in the download. Its order is the reaction picker's order.

/// `(name, emoji)`, grouped the way the picker shows them. Aliases follow their main name.
pub const EMOJI: &[(&str, &str)] = &[
    // people and faces
    ("+1", "👍"),
    ("thumbsup", "👍"),
    ("-1", "👎"),
    ("thumbsdown", "👎"),
    ("smile", "😄"),
    ("smiley", "😃"),
    ("grinning", "😀"),
    ("grin", "😁"),
    ("laughing", "😆"),
    ("sweat_smile", "😅"),
    ("joy", "😂"),
    ("rofl", "🤣"),
    ("slightly_smiling_face", "🙂"),
    ("upside_down_face", "🙃"),
    ("wink", "😉"),
    ("blush", "😊"),
    ("innocent", "😇"),
    ("heart_eyes", "😍"),
    ("star_struck", "🤩"),
    ("kissing_heart", "😘"),
    ("yum", "😋"),
    ("stuck_out_tongue", "😛"),
    ("stuck_out_tongue_winking_eye", "😜"),
    ("stuck_out_tongue_closed_eyes", "😝"),
    ("hugs", "🤗"),
    ("thinking", "🤔"),
    ("thinking_face", "🤔"),
    ("shushing_face", "🤫"),
    ("zipper_mouth_face", "🤐"),
    ("raised_eyebrow", "🤨"),
    ("neutral_face", "😐"),
    ("expressionless", "😑"),
    ("no_mouth", "😶"),
    ("smirk", "😏"),
    ("unamused", "😒"),
    ("roll_eyes", "🙄"),
    ("grimacing", "😬"),
    ("relieved", "😌"),
    ("pensive", "😔"),
    ("sleepy", "😪"),
    ("sleeping", "😴"),
    ("mask", "😷"),
    ("nerd_face", "🤓"),
    ("sunglasses", "😎"),
    ("confused", "😕"),
    ("worried", "😟"),
    ("slightly_frowning_face", "🙁"),
    ("open_mouth", "😮"),
    ("hushed", "😯"),
    ("astonished", "😲"),
    ("flushed", "😳"),
    ("pleading_face", "🥺"),
    ("fearful", "😨"),
    ("cold_sweat", "😰"),
    ("cry", "😢"),
    ("sob", "😭"),
    ("scream", "😱"),
    ("confounded", "😖"),
    ("persevere", "😣"),
    ("disappointed", "😞"),
    ("sweat", "😓"),
    ("weary", "😩"),
    ("tired_face", "😫"),
    ("yawning_face", "🥱"),
    ("triumph", "😤"),
    ("rage", "😡"),
    ("angry", "😠"),
    ("exploding_head", "🤯"),
    ("partying_face", "🥳"),
    ("face_with_monocle", "🧐"),
    ("skull", "💀"),
    ("poop", "💩"),
    ("clown_face", "🤡"),
    ("ghost", "👻"),
    ("alien", "👽"),
    ("robot", "🤖"),
    ("see_no_evil", "🙈"),
    ("hear_no_evil", "🙉"),
    ("speak_no_evil", "🙊"),
    // gestures
    ("wave", "👋"),
    ("ok_hand", "👌"),
    ("v", "✌️"),
    ("crossed_fingers", "🤞"),
    ("metal", "🤘"),
    ("call_me_hand", "🤙"),
    ("point_up", "☝️"),
    ("point_down", "👇"),
    ("point_left", "👈"),
    ("point_right", "👉"),
    ("raised_hand", "✋"),
    ("hand", "✋"),
    ("fist", "✊"),
    ("facepunch", "👊"),
    ("punch", "👊"),
    ("clap", "👏"),
    ("raised_hands", "🙌"),
    ("open_hands", "👐"),
    ("handshake", "🤝"),
    ("pray", "🙏"),
    ("muscle", "💪"),
    ("writing_hand", "✍️"),
    ("eyes", "👀"),
    ("brain", "🧠"),
    ("shrug", "🤷"),
    ("facepalm", "🤦"),
    ("bow", "🙇"),
    ("dancer", "💃"),
    ("runner", "🏃"),
    // hearts and symbols
    ("heart", "❤️"),
    ("orange_heart", "🧡"),
    ("yellow_heart", "💛"),
    ("green_heart", "💚"),
    ("blue_heart", "💙"),
    ("purple_heart", "💜"),
    ("black_heart", "🖤"),
    ("broken_heart", "💔"),
    ("sparkling_heart", "💖"),
    ("two_hearts", "💕"),
    ("100", "💯"),
    ("fire", "🔥"),
    ("sparkles", "✨"),
    ("star", "⭐"),
    ("star2", "🌟"),
    ("dizzy", "💫"),
    ("boom", "💥"),
    ("zap", "⚡"),
    ("tada", "🎉"),
    ("confetti_ball", "🎊"),
    ("white_check_mark", "✅"),
    ("heavy_check_mark", "✔️"),
    ("ballot_box_with_check", "☑️"),
    ("x", "❌"),
    ("heavy_multiplication_x", "✖️"),
    ("exclamation", "❗"),
    ("question", "❓"),
    ("warning", "⚠️"),
    ("no_entry", "⛔"),
    ("stop_sign", "🛑"),
    ("heavy_plus_sign", "➕"),
    ("heavy_minus_sign", "➖"),
    ("arrow_up", "⬆️"),
    ("arrow_down", "⬇️"),
    ("arrow_left", "⬅️"),
    ("arrow_right", "➡️"),
    ("repeat", "🔁"),
    ("recycle", "♻️"),
    ("copyright", "©️"),
    ("registered", "®️"),
    ("tm", "™️"),
    ("red_circle", "🔴"),
    ("large_blue_circle", "🔵"),
    ("white_circle", "⚪"),
    ("black_circle", "⚫"),
    ("checkered_flag", "🏁"),
    ("triangular_flag_on_post", "🚩"),
    ("speech_balloon", "💬"),
    ("thought_balloon", "💭"),
    ("zzz", "💤"),
    ("new", "🆕"),
    ("free", "🆓"),
    ("cool", "🆒"),
    ("ok", "🆗"),
    ("sos", "🆘"),
    // animals and nature
    ("dog", "🐶"),
    ("cat", "🐱"),
    ("mouse", "🐭"),
    ("rabbit", "🐰"),
    ("fox_face", "🦊"),
    ("bear", "🐻"),
    ("panda_face", "🐼"),
    ("koala", "🐨"),
    ("tiger", "🐯"),
    ("lion", "🦁"),
    ("cow", "🐮"),
    ("pig", "🐷"),
    ("frog", "🐸"),
    ("monkey", "🐒"),
    ("chicken", "🐔"),
    ("penguin", "🐧"),
    ("bird", "🐦"),
    ("owl", "🦉"),
    ("unicorn", "🦄"),
    ("bee", "🐝"),
    ("bug", "🐛"),
    ("butterfly", "🦋"),
    ("snail", "🐌"),
    ("turtle", "🐢"),
    ("snake", "🐍"),
    ("octopus", "🐙"),
    ("crab", "🦀"),
    ("fish", "🐟"),
    ("whale", "🐳"),
    ("dolphin", "🐬"),
    ("goat", "🐐"),
    ("sheep", "🐑"),
    ("horse", "🐴"),
    ("elephant", "🐘"),
    ("seedling", "🌱"),
    ("evergreen_tree", "🌲"),
    ("deciduous_tree", "🌳"),
    ("palm_tree", "🌴"),
    ("cactus", "🌵"),
    ("herb", "🌿"),
    ("four_leaf_clover", "🍀"),
    ("maple_leaf", "🍁"),
    ("fallen_leaf", "🍂"),
    ("mushroom", "🍄"),
    ("rose", "🌹"),
    ("sunflower", "🌻"),
    ("tulip", "🌷"),
    ("cherry_blossom", "🌸"),
    ("sunny", "☀️"),
    ("partly_sunny", "⛅"),
    ("cloud", "☁️"),
    ("umbrella", "☔"),
    ("snowflake", "❄️"),
    ("snowman", "⛄"),
    ("rainbow", "🌈"),
    ("ocean", "🌊"),
    ("crescent_moon", "🌙"),
    ("earth_africa", "🌍"),
    ("earth_americas", "🌎"),
    ("volcano", "🌋"),
    // food and drink
    ("apple", "🍎"),
    ("green_apple", "🍏"),
    ("banana", "🍌"),
    ("grapes", "🍇"),
    ("strawberry", "🍓"),
    ("lemon", "🍋"),
    ("watermelon", "🍉"),
    ("peach", "🍑"),
    ("cherries", "🍒"),
    ("avocado", "🥑"),
    ("tomato", "🍅"),
    ("carrot", "🥕"),
    ("corn", "🌽"),
    ("hot_pepper", "🌶️"),
    ("bread", "🍞"),
    ("croissant", "🥐"),
    ("cheese", "🧀"),
    ("egg", "🥚"),
    ("bacon", "🥓"),
    ("hamburger", "🍔"),
    ("fries", "🍟"),
    ("pizza", "🍕"),
    ("hotdog", "🌭"),
    ("taco", "🌮"),
    ("burrito", "🌯"),
    ("sushi", "🍣"),
    ("ramen", "🍜"),
    ("spaghetti", "🍝"),
    ("popcorn", "🍿"),
    ("doughnut", "🍩"),
    ("cookie", "🍪"),
    ("cake", "🍰"),
    ("birthday", "🎂"),
    ("chocolate_bar", "🍫"),
    ("candy", "🍬"),
    ("ice_cream", "🍨"),
    ("coffee", "☕"),
    ("tea", "🍵"),
    ("beer", "🍺"),
    ("beers", "🍻"),
    ("wine_glass", "🍷"),
    ("cocktail", "🍸"),
    ("champagne", "🍾"),
    ("milk_glass", "🥛"),
    // activities, travel and places
    ("soccer", "⚽"),
    ("basketball", "🏀"),
    ("football", "🏈"),
    ("tennis", "🎾"),
    ("trophy", "🏆"),
    ("medal_sports", "🏅"),
    ("1st_place_medal", "🥇"),
    ("dart", "🎯"),
    ("video_game", "🎮"),
    ("game_die", "🎲"),
    ("jigsaw", "🧩"),
    ("art", "🎨"),
    ("musical_note", "🎵"),
    ("notes", "🎶"),
    ("guitar", "🎸"),
    ("microphone", "🎤"),
    ("headphones", "🎧"),
    ("movie_camera", "🎥"),
    ("clapper", "🎬"),
    ("books", "📚"),
    ("car", "🚗"),
    ("taxi", "🚕"),
    ("bus", "🚌"),
    ("train", "🚆"),
    ("bike", "🚲"),
    ("airplane", "✈️"),
    ("rocket", "🚀"),
    ("ship", "🚢"),
    ("construction", "🚧"),
    ("house", "🏠"),
    ("office", "🏢"),
    ("hospital", "🏥"),
    ("school", "🏫"),
    ("tent", "⛺"),
    ("world_map", "🗺️"),
    ("mountain", "⛰️"),
    ("beach_umbrella", "🏖️"),
    // objects
    ("iphone", "📱"),
    ("computer", "💻"),
    ("keyboard", "⌨️"),
    ("desktop_computer", "🖥️"),
    ("printer", "🖨️"),
    ("floppy_disk", "💾"),
    ("cd", "💿"),
    ("camera", "📷"),
    ("tv", "📺"),
    ("radio", "📻"),
    ("telephone", "☎️"),
    ("battery", "🔋"),
    ("electric_plug", "🔌"),
    ("bulb", "💡"),
    ("flashlight", "🔦"),
    ("candle", "🕯️"),
    ("wrench", "🔧"),
    ("hammer", "🔨"),
    ("hammer_and_wrench", "🛠️"),
    ("gear", "⚙️"),
    ("nut_and_bolt", "🔩"),
    ("link", "🔗"),
    ("paperclip", "📎"),
    ("scissors", "✂️"),
    ("lock", "🔒"),
    ("unlock", "🔓"),
    ("key", "🔑"),
    ("mag", "🔍"),
    ("bell", "🔔"),
    ("no_bell", "🔕"),
    ("loudspeaker", "📢"),
    ("mega", "📣"),
    ("email", "📧"),
    ("envelope", "✉️"),
    ("inbox_tray", "📥"),
    ("outbox_tray", "📤"),
    ("package", "📦"),
    ("memo", "📝"),
    ("pencil2", "✏️"),
    ("pushpin", "📌"),
    ("round_pushpin", "📍"),
    ("calendar", "📆"),
    ("date", "📅"),
    ("clipboard", "📋"),
    ("chart_with_upwards_trend", "📈"),
    ("chart_with_downwards_trend", "📉"),
    ("bar_chart", "📊"),
    ("file_folder", "📁"),
    ("page_facing_up", "📄"),
    ("newspaper", "📰"),
    ("bookmark", "🔖"),
    ("label", "🏷️"),
    ("moneybag", "💰"),
    ("gift", "🎁"),
    ("balloon", "🎈"),
    ("hourglass", "⌛"),
    ("alarm_clock", "⏰"),
    ("stopwatch", "⏱️"),
    ("watch", "⌚"),
    ("hourglass_flowing_sand", "⏳"),
    ("crystal_ball", "🔮"),
    ("pill", "💊"),
    ("syringe", "💉"),
    ("thermometer", "🌡️"),
    ("broom", "🧹"),
    ("toilet", "🚽"),
    ("shower", "🚿"),
    ("door", "🚪"),
    ("bed", "🛏️"),
    ("couch_and_lamp", "🛋️"),
    ("shopping_cart", "🛒"),
    ("crown", "👑"),
    ("eyeglasses", "👓"),
    ("tshirt", "👕"),
    ("ring", "💍"),
    ("gem", "💎"),
    ("trident", "🔱"),
];

/// The emoji for a shortcode name (`tada`), if it is in the table.
pub fn by_name(name: &str) -> Option<&'static str> {
    EMOJI
        .iter()
        .find(|(known, _)| known.eq_ignore_ascii_case(name))
        .map(|(_, emoji)| *emoji)
}

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

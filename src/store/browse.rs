//! Filtering a team's channel list, as the "Browse channels" dialog shows it.

use brisk_model::Channel;

/// The channels whose name, URL name or purpose contains every word of `query` (any case),
/// sorted by name.
pub fn filter_channels<'a>(channels: &'a [Channel], query: &str) -> Vec<&'a Channel> {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    let mut matching: Vec<&Channel> = channels
        .iter()
        .filter(|channel| {
            let haystack = format!(
                "{} {} {}",
                channel.display_name, channel.name, channel.purpose
            )
            .to_lowercase();
            words.iter().all(|word| haystack.contains(word.as_str()))
        })
        .collect();
    matching.sort_by_cached_key(|c| (c.display_name.to_lowercase(), c.id.clone()));
    matching
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(id: &str, display_name: &str, purpose: &str) -> Channel {
        Channel {
            id: id.into(),
            name: display_name.to_lowercase().replace(' ', "-"),
            display_name: display_name.into(),
            purpose: purpose.into(),
            ..Channel::default()
        }
    }

    #[test]
    fn every_word_must_match_the_name_or_purpose_and_results_are_sorted() {
        let channels = [
            named("1", "Release Planning", "dates and owners"),
            named("2", "off topic", "anything goes"),
            named("3", "Announcements", "release notes"),
        ];
        let ids = |query: &str| -> Vec<String> {
            filter_channels(&channels, query)
                .iter()
                .map(|c| c.id.clone())
                .collect()
        };
        assert_eq!(ids(""), ["3", "2", "1"]);
        assert_eq!(ids("release"), ["3", "1"]);
        assert_eq!(ids("RELEASE owners"), ["1"]);
        assert_eq!(ids("off-topic"), ["2"], "the URL name matches too");
        assert!(ids("nothing").is_empty());
    }
}

//! The search box language, as Mattermost reads it: words (all must match, or any with
//! `is_or_search`), `"exact phrases"`, `prefix*`, `-excluded` words and phrases, `#hashtags`,
//! `from:username`, `in:channel-name`, and `before:`/`after:`/`on:` dates (YYYY-MM-DD, in the
//! searcher's time zone). `from:` and `in:` may be negated with a leading `-` too.

/// A word or phrase to find in messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    /// Lowercased text; several words for a phrase.
    pub text: String,
    pub phrase: bool,
    /// `word*`: any word starting with `text`.
    pub prefix: bool,
}

/// A calendar day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Day {
    pub year: i64,
    pub month: u32,
    pub day: u32,
}

impl Day {
    fn parse(text: &str) -> Option<Day> {
        let mut parts = text.splitn(3, '-');
        let year = parts.next()?.parse().ok()?;
        let month = parts.next()?.parse().ok()?;
        let day = parts.next()?.parse().ok()?;
        // Years a message can have: beyond them the millisecond arithmetic would overflow.
        ((1..=9999).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day))
            .then_some(Day { year, month, day })
    }

    /// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
    fn days_since_epoch(self) -> i64 {
        let year = if self.month <= 2 {
            self.year - 1
        } else {
            self.year
        };
        let era = year.div_euclid(400);
        let year_of_era = year - era * 400;
        let month = i64::from(self.month);
        let day_of_year = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5
            + i64::from(self.day)
            - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    /// The first millisecond of this day where the clock is `offset_seconds` ahead of UTC.
    pub fn start_ms(self, offset_seconds: i64) -> i64 {
        self.days_since_epoch() * 86_400_000 - offset_seconds * 1000
    }
}

/// A parsed search.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchQuery {
    pub terms: Vec<Term>,
    pub excluded: Vec<Term>,
    /// Lowercased, with the `#`.
    pub hashtags: Vec<String>,
    pub excluded_hashtags: Vec<String>,
    pub from_users: Vec<String>,
    pub excluded_users: Vec<String>,
    pub in_channels: Vec<String>,
    pub excluded_channels: Vec<String>,
    pub before: Option<Day>,
    pub after: Option<Day>,
    pub on: Option<Day>,
}

impl SearchQuery {
    /// Whether anything at all was asked for.
    pub fn is_empty(&self) -> bool {
        *self == SearchQuery::default()
    }

    /// How many words, phrases, hashtags and filters it holds.
    pub fn term_count(&self) -> usize {
        self.terms.len()
            + self.excluded.len()
            + self.hashtags.len()
            + self.excluded_hashtags.len()
            + self.from_users.len()
            + self.excluded_users.len()
            + self.in_channels.len()
            + self.excluded_channels.len()
    }

    /// Whether the query names anything to match in messages (words, phrases or hashtags).
    pub fn has_text(&self) -> bool {
        !self.terms.is_empty() || !self.hashtags.is_empty()
    }
}

/// Splits the box into tokens: `"quoted phrases"` (possibly after `-`) stay whole.
fn tokens(input: &str) -> Vec<(bool, String, bool)> {
    let mut out = Vec::new();
    let mut chars = input.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let negated = c == '-';
        if negated {
            chars.next();
        }
        if chars.peek() == Some(&'"') {
            chars.next();
            let phrase: String = chars.by_ref().take_while(|&c| c != '"').collect();
            out.push((negated, phrase, true));
        } else {
            let mut word = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                word.push(c);
                chars.next();
            }
            out.push((negated, word, false));
        }
    }
    out
}

/// Parses what the user typed. Control characters (a NUL above all, which SQLite's full-text
/// syntax cannot hold) separate words like spaces.
pub fn parse(input: &str) -> SearchQuery {
    let input: String = input
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let mut query = SearchQuery::default();
    for (negated, token, quoted) in tokens(&input) {
        if quoted {
            let text = token
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase();
            if !text.is_empty() {
                let term = Term {
                    text,
                    phrase: true,
                    prefix: false,
                };
                if negated {
                    query.excluded.push(term)
                } else {
                    query.terms.push(term)
                }
            }
            continue;
        }
        if let Some((key, value)) = token.split_once(':') {
            let value = value.trim_start_matches('@').to_lowercase();
            let handled = match key.to_lowercase().as_str() {
                "from" if !value.is_empty() => {
                    if negated {
                        query.excluded_users.push(value)
                    } else {
                        query.from_users.push(value)
                    }
                    true
                }
                "in" | "channel" if !value.is_empty() => {
                    let name = value.trim_start_matches('~').to_string();
                    if negated {
                        query.excluded_channels.push(name)
                    } else {
                        query.in_channels.push(name)
                    }
                    true
                }
                "before" => {
                    query.before = Day::parse(&value);
                    true
                }
                "after" => {
                    query.after = Day::parse(&value);
                    true
                }
                "on" => {
                    query.on = Day::parse(&value);
                    true
                }
                _ => false,
            };
            if handled {
                continue;
            }
        }
        let lower = token.to_lowercase();
        if lower.len() > 1 && lower.starts_with('#') {
            if negated {
                query.excluded_hashtags.push(lower)
            } else {
                query.hashtags.push(lower)
            }
            continue;
        }
        let prefix = lower.ends_with('*');
        let text = lower
            .trim_end_matches('*')
            .trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '_')
            .to_string();
        if text.is_empty() {
            continue;
        }
        let term = Term {
            text,
            phrase: false,
            prefix,
        };
        if negated {
            query.excluded.push(term)
        } else {
            query.terms.push(term)
        }
    }
    query
}

/// An FTS5 expression for `terms`, joined by `AND` or `OR`: every term a quoted string (so
/// nothing the user typed is read as FTS syntax), prefix terms with `*`.
pub fn fts_expression(terms: &[Term], any: bool) -> String {
    terms
        .iter()
        .map(|term| {
            let quoted = format!("\"{}\"", term.text.replace('"', "\"\""));
            if term.prefix {
                format!("{quoted} *")
            } else {
                quoted
            }
        })
        .collect::<Vec<_>>()
        .join(if any { " OR " } else { " AND " })
}

/// The words of `message` (lowercased), split as the index splits them.
fn words(message: &str) -> impl Iterator<Item = String> + '_ {
    message
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// What in `message` (and its `hashtags`) matched the query, for highlighting: the words found
/// (the whole word for a prefix), the phrases, and the hashtags.
pub fn matched_terms(query: &SearchQuery, message: &str, hashtags: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let lower = message.to_lowercase();
    // Split once, not once per term.
    let message_words: Vec<String> = words(message).collect();
    let add = |text: String, found: &mut Vec<String>| {
        if !found.contains(&text) {
            found.push(text);
        }
    };
    for term in &query.terms {
        if term.phrase || term.text.contains(|c: char| !c.is_alphanumeric()) {
            if lower.contains(&term.text) {
                add(term.text.clone(), &mut found);
            }
            continue;
        }
        for word in &message_words {
            let hit = if term.prefix {
                word.starts_with(&term.text)
            } else {
                *word == term.text
            };
            if hit {
                add(word.clone(), &mut found);
            }
        }
    }
    let tags: Vec<String> = hashtags.split_whitespace().map(str::to_lowercase).collect();
    for tag in &query.hashtags {
        if tags.contains(tag) {
            add(tag.clone(), &mut found);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str) -> Term {
        Term {
            text: text.into(),
            phrase: false,
            prefix: false,
        }
    }

    #[test]
    fn the_whole_language_parses() {
        let q = parse(
            r#"Deploy "release notes" test* -flaky -"old build" #Ops -#wip from:@Alice -from:bob in:dev -in:~random before:2024-03-02 after:2024-01-31 on:2024-02-15"#,
        );
        assert_eq!(
            q.terms,
            vec![
                word("deploy"),
                Term {
                    text: "release notes".into(),
                    phrase: true,
                    prefix: false
                },
                Term {
                    text: "test".into(),
                    phrase: false,
                    prefix: true
                },
            ]
        );
        assert_eq!(
            q.excluded,
            vec![
                word("flaky"),
                Term {
                    text: "old build".into(),
                    phrase: true,
                    prefix: false
                }
            ]
        );
        assert_eq!(q.hashtags, vec!["#ops"]);
        assert_eq!(q.excluded_hashtags, vec!["#wip"]);
        assert_eq!(q.from_users, vec!["alice"]);
        assert_eq!(q.excluded_users, vec!["bob"]);
        assert_eq!(q.in_channels, vec!["dev"]);
        assert_eq!(q.excluded_channels, vec!["random"]);
        assert_eq!(
            q.before,
            Some(Day {
                year: 2024,
                month: 3,
                day: 2
            })
        );
        assert_eq!(
            q.after,
            Some(Day {
                year: 2024,
                month: 1,
                day: 31
            })
        );
        assert_eq!(
            q.on,
            Some(Day {
                year: 2024,
                month: 2,
                day: 15
            })
        );
        assert!(parse("   ").is_empty());
        assert_eq!(parse("before:garbage").before, None);
    }

    #[test]
    fn fts_expressions_quote_everything() {
        let q = parse(r#"a "b c" d* x"y"#);
        assert_eq!(
            fts_expression(&q.terms, false),
            r#""a" AND "b c" AND "d" * AND "x""y""#
        );
        assert_eq!(fts_expression(&q.terms[..2], true), r#""a" OR "b c""#);
    }

    #[test]
    fn days_become_times_in_the_searchers_zone() {
        let day = Day {
            year: 2024,
            month: 3,
            day: 1,
        };
        assert_eq!(day.start_ms(0), 1_709_251_200_000);
        // At UTC+2 the day starts two hours earlier in UTC.
        assert_eq!(day.start_ms(7200), 1_709_251_200_000 - 7_200_000);
        assert_eq!(
            Day {
                year: 1970,
                month: 1,
                day: 1
            }
            .start_ms(0),
            0
        );
    }

    #[test]
    fn matches_name_what_was_found() {
        let q = parse(r#"test* "big deal" #ops"#);
        assert_eq!(
            matched_terms(&q, "Testing a BIG deal, tested twice", "#ops #x"),
            vec!["testing", "tested", "big deal", "#ops"]
        );
    }
}

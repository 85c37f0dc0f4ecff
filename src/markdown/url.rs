//! Which link and image targets may reach the page.

/// A URL that passed the scheme check, cleaned the way a browser would read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SafeUrl {
    pub href: String,
    /// Leads to another site: opened in a new tab without a referrer.
    pub external: bool,
}

/// Allows http, https, mailto and relative URLs; anything else (javascript:, data:, vbscript:,
/// unknown schemes) is refused, however it is disguised.
pub fn safe_url(raw: &str) -> Option<SafeUrl> {
    // Browsers drop tabs and newlines anywhere in a URL and trim control characters and spaces
    // at both ends, so "java\nscript:" is "javascript:" to them: judge what they will see.
    let stripped: String = raw
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let href = stripped.trim_matches(|c: char| c <= ' ');
    if href.chars().any(char::is_control) {
        return None;
    }
    let external = match scheme(href) {
        Some(scheme) if scheme.eq_ignore_ascii_case("http") => true,
        Some(scheme) if scheme.eq_ignore_ascii_case("https") => true,
        Some(scheme) if scheme.eq_ignore_ascii_case("mailto") => false,
        Some(_) => return None,
        // Protocol-relative ("//host/...", and "\\host" which browsers read the same way).
        None => href.starts_with("//") || href.starts_with("/\\") || href.starts_with('\\'),
    };
    Some(SafeUrl {
        href: href.to_string(),
        external,
    })
}

/// The text before the first ':' when no '/', '?' or '#' comes first. Any such prefix is treated
/// as a scheme, even one a browser would reject, so nothing odd slips through as "relative".
fn scheme(url: &str) -> Option<&str> {
    let end = url.find([':', '/', '?', '#', '\\'])?;
    url[end..].starts_with(':').then(|| &url[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn href(raw: &str) -> Option<String> {
        safe_url(raw).map(|url| url.href)
    }

    #[test]
    fn web_mail_and_relative_urls_pass() {
        assert_eq!(
            safe_url("https://example.org/a?b#c").map(|u| u.external),
            Some(true)
        );
        assert_eq!(
            safe_url("HTTP://example.org").map(|u| u.external),
            Some(true)
        );
        assert_eq!(
            safe_url("mailto:ann@example.org").map(|u| u.external),
            Some(false)
        );
        assert_eq!(
            safe_url("/demo/channels/dev").map(|u| u.external),
            Some(false)
        );
        assert_eq!(safe_url("docs/page:2").map(|u| u.external), Some(false));
        assert_eq!(safe_url("#top").map(|u| u.external), Some(false));
        assert_eq!(safe_url("//example.org/x").map(|u| u.external), Some(true));
    }

    #[test]
    fn dangerous_and_unknown_schemes_are_refused_in_any_disguise() {
        for raw in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "\u{1}javascript:alert(1)",
            "java\nscript:alert(1)",
            "java\tscript:alert(1)",
            "jav\r\nascript:alert(1)",
            "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
            "vbscript:msgbox(1)",
            "file:///etc/passwd",
            "ftp://example.org",
            "java script:alert(1)",
            "javascript\u{0}:alert(1)",
        ] {
            assert_eq!(href(raw), None, "{raw:?} must be refused");
        }
    }

    #[test]
    fn the_href_is_what_the_browser_would_read() {
        assert_eq!(
            href("  https://exa\nmple.org \n"),
            Some("https://example.org".into())
        );
    }
}

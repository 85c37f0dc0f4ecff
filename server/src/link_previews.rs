//! OpenGraph previews of the web pages messages link to, made by the server so that readers'
//! browsers never contact the linked site. The fetch is guarded: http only (this server has no
//! TLS client yet, so https links get no preview), only to ports 80 and 443 and never to private,
//! loopback, link-local or otherwise special addresses (unless `--link-previews-allow-private`,
//! for tests), 3 s and 512 KB at most, three redirects, `MAX_IN_FLIGHT` at once. It runs after
//! the post is stored, so posting stays fast, and the page is parsed on the blocking pool, away
//! from the async workers; what it finds (or that it found nothing) is cached per URL, and the
//! post's readers get a `post_edited` with the embed.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use axum::body::Bytes;
use axum::http::{header, Request, Uri};
use brisk_model::{event_name, OpenGraph, OpenGraphImage, Post};
use http_body_util::{BodyExt, Empty};
use hyper_util::rt::TokioIo;
use tokio::sync::Semaphore;

use crate::db::{link_previews, post_metadata, posts};
use crate::error::ApiError;
use crate::events::Outbox;
use crate::ids::now_ms;
use crate::{permalinks, AppState};

const FETCH_TIMEOUT: Duration = Duration::from_secs(3);
const MAX_PAGE_BYTES: usize = 512 * 1024;
const MAX_REDIRECTS: usize = 3;
/// Longest title and description kept, in characters (Mattermost trims them too).
const MAX_TITLE_CHARS: usize = 300;
const MAX_DESCRIPTION_CHARS: usize = 1000;
/// Previews fetched at once; links posted while all are busy get none.
const MAX_IN_FLIGHT: usize = 8;
static IN_FLIGHT: Semaphore = Semaphore::const_new(MAX_IN_FLIGHT);
/// Longest entity decoded (`&#x10FFFF;` and the named ones fit).
const MAX_ENTITY_LEN: usize = 10;

/// Whether and how link previews are made.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LinkPreviews {
    Off,
    /// Fetch public addresses only.
    #[default]
    Public,
    /// Fetch private and loopback addresses too (a test server on 127.0.0.1, say).
    AllowPrivate,
}

/// Whether an address is on the public internet. IPv6 forms that carry an IPv4 address inside
/// (NAT64, 6to4, Teredo, IPv4-compatible) are refused whole: they could reach a private one.
fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, c, _] = v4.octets();
            !(v4.is_private()
                || v4.is_loopback()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || a == 0
                || (a == 100 && (64..128).contains(&b))
                || (a == 192 && b == 0 && c == 0)
                || (a == 198 && (b & 0xfe) == 18)
                || a >= 240)
        }
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => is_public(IpAddr::V4(v4)),
            None => {
                let segments = v6.segments();
                let first = segments[0];
                !(segments[..6] == [0; 6]
                    || v6.is_multicast()
                    || (first & 0xfe00) == 0xfc00
                    || (first & 0xffc0) == 0xfe80
                    || (first & 0xffc0) == 0xfec0
                    || segments[..6] == [0x64, 0xff9b, 0, 0, 0, 0]
                    || first == 0x2002
                    || (first == 0x2001 && segments[1] == 0)
                    || (first == 0x2001 && segments[1] == 0xdb8))
            }
        },
    }
}

/// Whether the fetch may connect to all of `addresses`: public ones on the web's ports.
fn may_connect(addresses: &[SocketAddr], policy: LinkPreviews) -> bool {
    match policy {
        LinkPreviews::Off => false,
        LinkPreviews::Public => addresses
            .iter()
            .all(|a| is_public(a.ip()) && matches!(a.port(), 80 | 443)),
        LinkPreviews::AllowPrivate => true,
    }
}

/// The page at `url` (following redirects), as text; None when it may not or could not be read.
async fn fetch_page(url: &str, policy: LinkPreviews) -> Option<String> {
    let mut url = url.to_string();
    for _ in 0..=MAX_REDIRECTS {
        let uri: Uri = url.parse().ok()?;
        if uri.scheme_str() != Some("http") {
            return None;
        }
        let host = uri.host()?;
        let port = uri.port_u16().unwrap_or(80);
        let addresses: Vec<SocketAddr> =
            tokio::net::lookup_host((host, port)).await.ok()?.collect();
        let allowed = may_connect(&addresses, policy);
        // Connecting to the address checked (not the name again) leaves no room for DNS tricks.
        let address = addresses.first().filter(|_| allowed)?;
        let stream = tokio::net::TcpStream::connect(address).await.ok()?;
        let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .ok()?;
        tokio::spawn(connection);
        let request = Request::get(uri.path_and_query().map_or("/", |p| p.as_str()))
            .header(header::HOST, uri.authority()?.as_str())
            .header(header::USER_AGENT, "brisk-link-preview")
            .header(header::ACCEPT, "text/html")
            .body(Empty::<Bytes>::new())
            .ok()?;
        let response = sender.send_request(request).await.ok()?;
        if response.status().is_redirection() {
            let location = response.headers().get(header::LOCATION)?.to_str().ok()?;
            url = if location.starts_with('/') && !location.starts_with("//") {
                format!("http://{}{location}", uri.authority()?)
            } else {
                location.to_string()
            };
            continue;
        }
        let is_html = response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.to_ascii_lowercase().starts_with("text/html"));
        if !response.status().is_success() || !is_html {
            return None;
        }
        let mut body = response.into_body();
        let mut page = Vec::new();
        while page.len() < MAX_PAGE_BYTES {
            let Some(frame) = body.frame().await else {
                break;
            };
            if let Ok(data) = frame.ok()?.into_data() {
                let room = MAX_PAGE_BYTES - page.len();
                page.extend_from_slice(&data[..data.len().min(room)]);
            }
        }
        return Some(String::from_utf8_lossy(&page).into_owned());
    }
    None
}

/// The OpenGraph tags of a page (with `<title>` standing in for a missing `og:title`), or None
/// when it has neither a title nor a description.
pub fn parse_open_graph(page: &str) -> Option<OpenGraph> {
    let lower = page.to_ascii_lowercase();
    let mut graph = OpenGraph::default();
    let mut from = 0;
    while let Some(found) = lower[from..].find("<meta") {
        let start = from + found + 5;
        let end = tag_end(&page[start..]).map_or(page.len(), |at| start + at);
        from = end;
        let attributes = attributes(&page[start..end]);
        let name = attributes
            .iter()
            .find(|(key, _)| key == "property" || key == "name")
            .map(|(_, value)| value.to_ascii_lowercase());
        let content = attributes
            .iter()
            .find(|(key, _)| key == "content")
            .map(|(_, value)| value.clone());
        let (Some(name), Some(content)) = (name, content) else {
            continue;
        };
        match name.as_str() {
            "og:title" => graph.title = cut(&content, MAX_TITLE_CHARS),
            "og:description" => graph.description = cut(&content, MAX_DESCRIPTION_CHARS),
            "og:site_name" => graph.site_name = cut(&content, MAX_TITLE_CHARS),
            "og:url" => graph.url = content,
            "og:type" => graph.og_type = cut(&content, MAX_TITLE_CHARS),
            "og:image" | "og:image:url" => graph.images.push(OpenGraphImage {
                url: content,
                ..OpenGraphImage::default()
            }),
            // An image's properties follow its og:image.
            "og:image:secure_url" => {
                if let Some(image) = graph.images.last_mut() {
                    image.secure_url = content;
                }
            }
            "og:image:width" => {
                if let Some(image) = graph.images.last_mut() {
                    image.width = content.trim().parse().unwrap_or_default();
                }
            }
            "og:image:height" => {
                if let Some(image) = graph.images.last_mut() {
                    image.height = content.trim().parse().unwrap_or_default();
                }
            }
            _ => {}
        }
    }
    if graph.title.is_empty() {
        if let Some(start) = lower.find("<title>").map(|at| at + 7) {
            let end = lower[start..]
                .find("</title>")
                .map_or(page.len(), |at| start + at);
            graph.title = cut(&decode_entities(&page[start..end]), MAX_TITLE_CHARS);
        }
    }
    graph.images.truncate(1);
    (!graph.title.is_empty() || !graph.description.is_empty()).then_some(graph)
}

/// Where a tag's text ends: its first `>` outside quotes.
fn tag_end(tag: &str) -> Option<usize> {
    let mut quote = None;
    tag.char_indices().find_map(|(at, c)| {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(open), _) if open == c => quote = None,
            (None, '>') => return Some(at),
            _ => {}
        }
        None
    })
}

/// `key="value"` pairs of a tag (keys lower-cased, values with entities decoded).
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut rest = tag;
    while let Some(equals) = rest.find('=') {
        let key = rest[..equals]
            .rsplit(|c: char| c.is_whitespace())
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        let after = rest[equals + 1..].trim_start();
        let (value, next) = match after.chars().next() {
            Some(quote @ ('"' | '\'')) => match after[1..].find(quote) {
                Some(close) => (&after[1..1 + close], &after[close + 2..]),
                None => (&after[1..], ""),
            },
            _ => {
                let close = after.find(char::is_whitespace).unwrap_or(after.len());
                (&after[..close], &after[close..])
            }
        };
        found.push((key, decode_entities(value)));
        rest = next;
    }
    found
}

fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        // Only the next few bytes can end an entity: looking further would make a page of `&`
        // quadratic.
        let window = &rest.as_bytes()[..rest.len().min(MAX_ENTITY_LEN + 1)];
        let semicolon = window.iter().position(|&b| b == b';');
        let decoded = semicolon.and_then(|semi| {
            let entity = &rest[1..semi];
            let c = match entity {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" | "#39" => Some('\''),
                "nbsp" => Some(' '),
                _ => entity
                    .strip_prefix("#x")
                    .or_else(|| entity.strip_prefix("#X"))
                    .map(|hex| u32::from_str_radix(hex, 16))
                    .or_else(|| entity.strip_prefix('#').map(str::parse))
                    .and_then(Result::ok)
                    .and_then(char::from_u32),
            }?;
            Some((c, semi + 1))
        });
        match decoded {
            Some((c, length)) => {
                out.push(c);
                rest = &rest[length..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn cut(text: &str, max_chars: usize) -> String {
    text.trim().chars().take(max_chars).collect()
}

/// After `post` was created or edited: fetches its first link's preview if it is not cached yet,
/// off the request path, and tells the channel with `post_edited` once there is one.
pub fn fetch_later(state: &AppState, post: &Post, host: &str) {
    let policy = state.link_previews();
    let Some(url) =
        link_previews::first_web_link(&post.message).filter(|_| policy != LinkPreviews::Off)
    else {
        return;
    };
    let (state, post_id, host) = (state.clone(), post.id.clone(), host.to_string());
    tokio::spawn(async move {
        let lookup = url.clone();
        if !matches!(
            state
                .db
                .read(move |conn| link_previews::cached(conn, &lookup))
                .await,
            Ok(None)
        ) {
            return;
        }
        let Ok(_turn) = IN_FLIGHT.try_acquire() else {
            tracing::debug!(%url, "link preview skipped: too many in flight");
            return;
        };
        let page = tokio::time::timeout(FETCH_TIMEOUT, fetch_page(&url, policy))
            .await
            .ok()
            .flatten();
        let graph = match page {
            Some(page) => tokio::task::spawn_blocking(move || parse_open_graph(&page))
                .await
                .ok()
                .flatten(),
            None => None,
        };
        let found = graph.is_some();
        let written = state
            .db
            .write(move |tx| {
                link_previews::save(tx, &url, graph.as_ref(), now_ms())?;
                let mut outbox = Outbox::default();
                let Some(mut post) = posts::get(tx, &post_id)?.filter(|p| p.delete_at == 0) else {
                    return Ok(outbox);
                };
                if !found {
                    return Ok(outbox);
                }
                // A newer version, so clients (and `since` catch-ups) take the one with the embed.
                post.update_at = now_ms().max(post.update_at + 1);
                posts::set_update_at(tx, &post.id, post.update_at)?;
                post_metadata::attach(tx, std::slice::from_mut(&mut post))?;
                let data = brisk_model::PostChangedData {
                    post: serde_json::to_string(&post).map_err(ApiError::internal)?,
                    delete_by: None,
                };
                outbox.to_channel(
                    event_name::POST_EDITED,
                    serde_json::to_value(data).map_err(ApiError::internal)?,
                    &post.channel_id,
                );
                permalinks::personalize_events(tx, &mut outbox, &post, &host)?;
                Ok(outbox)
            })
            .await;
        match written {
            Ok(outbox) => state.publish(outbox),
            Err(error) => tracing::warn!(error = %error.message, "link preview not stored"),
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_addresses_are_fetched() {
        for private in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "::1",
            "fc00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "224.0.0.1",
            "198.18.0.1",
            "198.19.255.255",
            "192.0.0.8",
            "240.0.0.1",
            "255.255.255.255",
            "64:ff9b::a00:1",
            "2002:a00:1::1",
            "2001:0:a00:1::1",
            "::10.0.0.1",
            "::",
            "fec0::1",
        ] {
            assert!(!is_public(private.parse().expect("ip")), "{private}");
        }
        for public in ["93.184.216.34", "198.20.0.1", "2606:2800:220:1::1"] {
            assert!(is_public(public.parse().expect("ip")), "{public}");
        }
    }

    #[test]
    fn only_the_webs_ports_are_fetched() {
        let at = |address: &str| vec![address.parse::<SocketAddr>().expect("address")];
        for port in [80, 443] {
            assert!(may_connect(
                &at(&format!("93.184.216.34:{port}")),
                LinkPreviews::Public
            ));
        }
        for port in [22, 25, 6379, 8080] {
            let address = at(&format!("93.184.216.34:{port}"));
            assert!(!may_connect(&address, LinkPreviews::Public), "{port}");
        }
        assert!(!may_connect(&at("10.0.0.1:80"), LinkPreviews::Public));
        assert!(may_connect(
            &at("127.0.0.1:6379"),
            LinkPreviews::AllowPrivate
        ));
        assert!(!may_connect(&at("93.184.216.34:80"), LinkPreviews::Off));
    }

    #[test]
    fn a_page_of_ampersands_decodes_in_linear_time() {
        let page = "&".repeat(2 * 1024 * 1024);
        let started = std::time::Instant::now();
        assert_eq!(decode_entities(&page), page);
        // Scanning the rest of the page at each `&` takes minutes here; linear, well under a
        // second even unoptimised on a busy machine.
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{:?}",
            started.elapsed()
        );
    }

    #[test]
    fn open_graph_tags_are_read_with_entities_decoded_and_nothing_else_trusted() {
        let graph = parse_open_graph(
            r#"<HTML><head><title>Fallback</title>
            <META PROPERTY="og:title" CONTENT="A &lt;b&gt;bold&lt;/b&gt; &amp; &#x27;new&#39; page">
            <meta content='About "it"' property='og:description'>
            <meta property=og:site_name content=Example>
            <meta property="og:type" content="a>b">
            <meta property="og:image" content="javascript:alert(1)">
            <meta property="og:image:secure_url" content="https://img.example.org/a.png">
            <meta property="og:image:width" content="640"><meta property="og:image:height" content="x">
            <meta property="og:image" content="https://img.example.org/second.png">"#,
        )
        .expect("a graph");
        assert_eq!(graph.title, "A <b>bold</b> & 'new' page");
        assert_eq!(graph.description, "About \"it\"");
        assert_eq!(graph.site_name, "Example");
        assert_eq!(graph.og_type, "a>b", "a quoted > does not end the tag");
        assert_eq!(
            graph.images,
            [OpenGraphImage {
                url: "javascript:alert(1)".into(),
                secure_url: "https://img.example.org/a.png".into(),
                width: 640,
                ..OpenGraphImage::default()
            }],
            "kept as text: the client shows web links only"
        );
        assert_eq!(
            parse_open_graph("<title>Only &amp; title</title>").map(|g| g.title),
            Some("Only & title".to_string())
        );
        assert_eq!(parse_open_graph("<p>nothing to show</p>"), None);
        assert_eq!(
            decode_entities("&bogus; & &#xZZ; &#1114112;"),
            "&bogus; & &#xZZ; &#1114112;"
        );
    }
}

//! Which page an address shows, and moving between addresses without reloading the app: a link
//! on the page is followed by pushing its address onto the browser's history, Back and Forward
//! draw the page of the address they return to.
//!
//! brisk's own rather than leptos_router: the app has a handful of fixed addresses and loads no
//! data by route, and the general router (nested route matching, its views and futures, the `url`
//! crate) was 31.5 KB brotli of the first download (README, performance).

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::store::ChannelRoute;

/// What an address shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    pub page: Page,
    /// Within a team's pages, which one (`None` for the team's own address, which leads to its
    /// town square).
    pub in_team: Option<InTeam>,
}

/// The top-level page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Page {
    /// `/`: on to the first team.
    Home,
    Login,
    /// `/signup_user_complete?id=…`: an invite link.
    Signup,
    /// `/reset_password_complete?token=…`.
    ResetPassword,
    AdminConsole,
    /// `/{team}/…`, by the team's name.
    Team(String),
    NotFound,
}

/// A page within a team.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InTeam {
    /// `/{team}/channels/{name}` or `/{team}/messages/{who}`.
    Channel(ChannelRoute),
    /// `/{team}/pl/{post_id}`.
    Permalink(String),
    /// `/{team}/catch-up`.
    CatchUp,
}

impl InTeam {
    /// Whether `other` is shown by the same page, which then stays built and follows the new
    /// address (one channel to the next).
    pub fn same_page(&self, other: &InTeam) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }
}

impl Route {
    /// The route of a path (without query or fragment). One trailing slash is allowed; each
    /// segment is percent-decoded.
    pub fn of_path(path: &str) -> Route {
        let trimmed = path
            .strip_suffix('/')
            .filter(|p| !p.is_empty())
            .unwrap_or(path);
        let segments: Vec<String> = trimmed
            .strip_prefix('/')
            .unwrap_or(trimmed)
            .split('/')
            .map(percent_decoded)
            .collect();
        let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
        let top = |page| Route {
            page,
            in_team: None,
        };
        let in_team = |team: &str, in_team| Route {
            page: Page::Team(team.to_string()),
            in_team: Some(in_team),
        };
        match segments.as_slice() {
            [""] => top(Page::Home),
            ["login"] => top(Page::Login),
            ["signup_user_complete"] => top(Page::Signup),
            ["reset_password_complete"] => top(Page::ResetPassword),
            ["admin_console"] => top(Page::AdminConsole),
            [team] => top(Page::Team(team.to_string())),
            [team, "channels", name] if !name.is_empty() => in_team(
                team,
                InTeam::Channel(ChannelRoute::Channel(name.to_string())),
            ),
            [team, "messages", who] if !who.is_empty() => {
                in_team(team, InTeam::Channel(ChannelRoute::of_messages(who)))
            }
            [team, "pl", post_id] if !post_id.is_empty() => {
                in_team(team, InTeam::Permalink(post_id.to_string()))
            }
            [team, "catch-up"] => in_team(team, InTeam::CatchUp),
            _ => top(Page::NotFound),
        }
    }

    /// Where the address of this route leads instead, if it is only a way in: a team's own
    /// address opens its town square.
    fn leads_to(&self) -> Option<String> {
        match (&self.page, &self.in_team) {
            (Page::Team(team), None) => Some(town_square_path(team)),
            _ => None,
        }
    }
}

/// The address of a team's town square: where a team's own address, a newcomer and someone
/// leaving a channel land.
pub fn town_square_path(team_name: &str) -> String {
    format!("/{team_name}/channels/town-square")
}

/// `%XX` escapes decoded; an escape that is not valid UTF-8 is replaced, as browsers do.
fn percent_decoded(segment: &str) -> String {
    if !segment.contains('%') {
        return segment.to_string();
    }
    let bytes = segment.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| segment.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                decoded.push(byte);
                i += 3;
            }
            None => {
                decoded.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&decoded).into_owned()
}

thread_local! {
    /// The address shown, path and query as in the address bar (the fragment is the page's own).
    static ADDRESS: ArcRwSignal<String> = ArcRwSignal::new(address_in_window());
}

fn address_in_window() -> String {
    let location = window().location();
    let path = location.pathname().unwrap_or_default();
    path + &location.search().unwrap_or_default()
}

/// The route shown; read in a reactive context, that context follows it.
pub fn route() -> Route {
    ADDRESS.with(|address| address.with(|address| Route::of_path(path_of(address))))
}

/// The route shown, not followed.
pub fn route_untracked() -> Route {
    ADDRESS.with(|address| address.with_untracked(|address| Route::of_path(path_of(address))))
}

fn path_of(address: &str) -> &str {
    address.split_once('?').map_or(address, |(path, _)| path)
}

/// What a page reads from the address (`read`), kept when the address changes to another page's:
/// that page is then about to go, and must not act on a value it no longer has.
pub fn page_parameter<T>(read: impl Fn() -> Option<T> + Send + Sync + 'static, absent: T) -> Memo<T>
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    Memo::new(move |previous: Option<&T>| {
        read()
            .or_else(|| previous.cloned())
            .unwrap_or_else(|| absent.clone())
    })
}

/// The value of `name` in the address's query (`?name=value`), decoded; followed like `route`.
pub fn query_value(name: &str) -> Option<String> {
    let query = ADDRESS.with(|address| {
        address.with(|address| address.split_once('?').map(|(_, query)| query.to_string()))
    })?;
    web_sys::UrlSearchParams::new_with_str(&query)
        .ok()?
        .get(name)
}

/// Goes to `to` (a path on this site, with a query or fragment if any), adding it to the history.
pub fn navigate(to: &str) {
    go(to, false);
}

/// Goes to `to` in place of the address shown, so Back skips it (a redirect).
pub fn navigate_replacing(to: &str) {
    go(to, true);
}

fn go(to: &str, replace: bool) {
    let Ok(history) = window().history() else {
        return;
    };
    let written = if replace {
        history.replace_state_with_url(&JsValue::NULL, "", Some(to))
    } else if ADDRESS.with(|address| address.with_untracked(|shown| shown != to)) {
        history.push_state_with_url(&JsValue::NULL, "", Some(to))
    } else {
        Ok(())
    };
    if written.is_ok() {
        show_address_in_window();
        window().scroll_to_with_x_and_y(0.0, 0.0);
    }
}

/// Shows the address the window is at (after a redirect of a way in, see `Route::leads_to`).
fn show_address_in_window() {
    let mut address = address_in_window();
    if let Some(destination) = Route::of_path(path_of(&address)).leads_to() {
        if let Ok(history) = window().history() {
            if history
                .replace_state_with_url(&JsValue::NULL, "", Some(&destination))
                .is_ok()
            {
                address = address_in_window();
            }
        }
    }
    ADDRESS.with(|shown| {
        if shown.with_untracked(|shown| *shown != address) {
            shown.set(address);
        }
    });
}

/// Starts following the window's address: the page's links (same origin, a plain click, no
/// `target` or `download`) are followed by the app, Back and Forward show their address. Called
/// once by the app, before its pages are built.
pub fn follow_the_address() {
    show_address_in_window();
    let on_back_or_forward =
        window_event_listener(leptos::ev::popstate, |_| show_address_in_window());
    let on_click = window_event_listener(leptos::ev::click, follow_link);
    on_cleanup(move || {
        on_back_or_forward.remove();
        on_click.remove();
    });
}

fn follow_link(event: web_sys::MouseEvent) {
    if event.default_prevented()
        || event.button() != 0
        || event.meta_key()
        || event.alt_key()
        || event.ctrl_key()
        || event.shift_key()
    {
        return;
    }
    let link = event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        .and_then(|element| element.closest("a[href]").ok().flatten())
        .and_then(|element| element.dyn_into::<web_sys::HtmlAnchorElement>().ok());
    let Some(link) = link else {
        return;
    };
    let opens_elsewhere = !matches!(link.target().as_str(), "" | "_self");
    let external = link
        .rel()
        .split_ascii_whitespace()
        .any(|rel| rel == "external");
    if opens_elsewhere || external || link.has_attribute("download") {
        return;
    }
    if link.origin() != window().location().origin().unwrap_or_default() {
        return;
    }
    let address = link.pathname() + &link.search();
    let fragment = link.hash();
    // A jump within the page shown is the browser's to make.
    if !fragment.is_empty() && ADDRESS.with(|shown| shown.with_untracked(|s| *s == address)) {
        return;
    }
    event.prevent_default();
    navigate(&(address + &fragment));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn in_team(team: &str, in_team: InTeam) -> Route {
        Route {
            page: Page::Team(team.into()),
            in_team: Some(in_team),
        }
    }

    fn top(page: Page) -> Route {
        Route {
            page,
            in_team: None,
        }
    }

    #[test]
    fn each_address_names_its_page() {
        assert_eq!(Route::of_path("/"), top(Page::Home));
        assert_eq!(Route::of_path("/login"), top(Page::Login));
        assert_eq!(Route::of_path("/signup_user_complete/"), top(Page::Signup));
        assert_eq!(
            Route::of_path("/reset_password_complete"),
            top(Page::ResetPassword)
        );
        assert_eq!(Route::of_path("/admin_console"), top(Page::AdminConsole));
        assert_eq!(
            Route::of_path("/demo/channels/dev"),
            in_team("demo", InTeam::Channel(ChannelRoute::Channel("dev".into())))
        );
        assert_eq!(
            Route::of_path("/demo/channels/dev/"),
            in_team("demo", InTeam::Channel(ChannelRoute::Channel("dev".into())))
        );
        assert_eq!(
            Route::of_path("/demo/messages/@ana"),
            in_team("demo", InTeam::Channel(ChannelRoute::Direct("ana".into())))
        );
        assert_eq!(
            Route::of_path("/demo/messages/%40ana"),
            in_team("demo", InTeam::Channel(ChannelRoute::Direct("ana".into())))
        );
        assert_eq!(
            Route::of_path("/demo/pl/abc"),
            in_team("demo", InTeam::Permalink("abc".into()))
        );
        assert_eq!(
            Route::of_path("/demo/catch-up"),
            in_team("demo", InTeam::CatchUp)
        );
    }

    #[test]
    fn a_team_address_leads_to_its_town_square() {
        let team = Route::of_path("/demo/");
        assert_eq!(team, top(Page::Team("demo".into())));
        assert_eq!(
            team.leads_to().as_deref(),
            Some("/demo/channels/town-square")
        );
        assert_eq!(Route::of_path("/demo/channels/dev").leads_to(), None);
    }

    #[test]
    fn other_addresses_are_not_found() {
        for path in [
            "/demo/channels/",
            "/demo/channels",
            "/demo/channels/dev/extra",
            "/demo/pl",
            "/demo/elsewhere/x",
        ] {
            assert_eq!(Route::of_path(path), top(Page::NotFound), "{path}");
        }
    }

    #[test]
    fn escapes_are_decoded_and_broken_ones_kept() {
        assert_eq!(percent_decoded("caf%C3%A9"), "café");
        assert_eq!(percent_decoded("100%"), "100%");
        assert_eq!(percent_decoded("%zz%4"), "%zz%4");
    }

    #[test]
    fn pages_of_the_same_kind_stay_built() {
        let dev = InTeam::Channel(ChannelRoute::Channel("dev".into()));
        let ana = InTeam::Channel(ChannelRoute::Direct("ana".into()));
        assert!(dev.same_page(&ana));
        assert!(!dev.same_page(&InTeam::CatchUp));
    }
}

//! Who is calling: the session token from the `MMAUTHTOKEN` cookie or the `Authorization` header,
//! and the authenticated user as an extractor. Cookie-authenticated writes must prove they come
//! from our own pages (CSRF token plus `X-Requested-With`), as Mattermost requires.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method};
use brisk_model::User;

use crate::db::sessions::{self, Session, SESSION_LENGTH_MS};
use crate::db::users;
use crate::error::ApiError;
use crate::ids::now_ms;
use crate::AppState;

pub const COOKIE_TOKEN: &str = "MMAUTHTOKEN";
pub const COOKIE_USER_ID: &str = "MMUSERID";
pub const COOKIE_CSRF: &str = "MMCSRF";
pub const HEADER_REQUESTED_WITH: &str = "x-requested-with";
pub const REQUESTED_WITH_XML: &str = "XMLHttpRequest";
pub const HEADER_CSRF: &str = "x-csrf-token";

/// Where the token came from; only cookies need CSRF protection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenSource {
    Cookie,
    Header,
}

/// The value of cookie `name`, if the request sent it.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
        .filter(|value| !value.is_empty())
}

/// The session token: the cookie first, then `Authorization: Bearer <t>` (any case, as the
/// official client sends "BEARER") or `Authorization: Token <t>`, the same order as Mattermost.
pub fn token_from_headers(headers: &HeaderMap) -> Option<(String, TokenSource)> {
    if let Some(token) = cookie(headers, COOKIE_TOKEN) {
        return Some((token.to_string(), TokenSource::Cookie));
    }
    let auth = headers
        .get(axum::http::header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .trim();
    let (scheme, token) = auth.split_once(' ')?;
    let token = token.trim();
    let known_scheme =
        scheme.eq_ignore_ascii_case("bearer") || scheme.eq_ignore_ascii_case("token");
    (known_scheme && !token.is_empty()).then(|| (token.to_string(), TokenSource::Header))
}

/// Whether a cookie-authenticated request carries the session's CSRF token and the XHR header.
fn passes_csrf(headers: &HeaderMap, session: &Session) -> bool {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    };
    header(HEADER_REQUESTED_WITH).eq_ignore_ascii_case(REQUESTED_WITH_XML)
        && header(HEADER_CSRF) == session.csrf_token
}

/// An authenticated request: the session and its user.
pub struct Auth {
    pub session: Session,
    pub user: User,
}

impl Auth {
    pub fn is_system_admin(&self) -> bool {
        self.user.is_system_admin()
    }
}

impl FromRequestParts<AppState> for Auth {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let (token, source) =
            token_from_headers(&parts.headers).ok_or_else(ApiError::session_expired)?;
        let (session, user) = state
            .db
            .read(move |conn| {
                let Some(session) = sessions::get_live(conn, &token, now_ms())? else {
                    return Ok(None);
                };
                Ok(users::get(conn, &session.user_id)?.map(|user| (session, user)))
            })
            .await?
            .ok_or_else(|| ApiError::session_expired().detail("token not found or expired"))?;
        let safe_method = matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
        if source == TokenSource::Cookie && !safe_method && !passes_csrf(&parts.headers, &session) {
            tracing::warn!(user_id = %user.id, "cookie request without a valid CSRF token");
            return Err(ApiError::session_expired().detail("appears to be a CSRF attempt"));
        }
        Ok(Auth { session, user })
    }
}

/// Resolves a token to its live session (for the WebSocket, which has no CSRF concern: it refuses
/// other origins, and performs no writes on its own).
pub async fn live_session(state: &AppState, token: String) -> Option<Session> {
    state
        .db
        .read(move |conn| sessions::get_live(conn, &token, now_ms()))
        .await
        .ok()
        .flatten()
}

/// The `Set-Cookie` values of a web login.
pub fn login_cookies(session: &Session) -> Vec<HeaderValue> {
    let max_age = SESSION_LENGTH_MS / 1000;
    [
        format!(
            "{COOKIE_TOKEN}={}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax",
            session.token
        ),
        format!(
            "{COOKIE_USER_ID}={}; Path=/; Max-Age={max_age}; SameSite=Lax",
            session.user_id
        ),
        format!(
            "{COOKIE_CSRF}={}; Path=/; Max-Age={max_age}; SameSite=Lax",
            session.csrf_token
        ),
    ]
    .into_iter()
    .filter_map(|cookie| HeaderValue::from_str(&cookie).ok())
    .collect()
}

/// The `Set-Cookie` values that clear the login cookies.
pub fn logout_cookies() -> Vec<HeaderValue> {
    [COOKIE_TOKEN, COOKIE_USER_ID, COOKIE_CSRF]
        .iter()
        .filter_map(|name| {
            HeaderValue::from_str(&format!("{name}=; Path=/; Max-Age=0; SameSite=Lax")).ok()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_str(value).expect("header"));
        }
        map
    }

    #[test]
    fn token_schemes_are_case_insensitive() {
        for auth in [
            "Bearer abc",
            "BEARER abc",
            "bearer abc",
            "Token abc",
            "token abc",
        ] {
            let found = token_from_headers(&headers(&[("authorization", auth)]));
            assert_eq!(
                found,
                Some(("abc".to_string(), TokenSource::Header)),
                "{auth}"
            );
        }
        assert_eq!(
            token_from_headers(&headers(&[("authorization", "Basic abc")])),
            None
        );
        assert_eq!(
            token_from_headers(&headers(&[("authorization", "Bearer ")])),
            None
        );
    }

    #[test]
    fn cookie_token_is_found_among_other_cookies() {
        let h = headers(&[("cookie", "a=1; MMAUTHTOKEN=tok; MMCSRF=c")]);
        assert_eq!(
            token_from_headers(&h),
            Some(("tok".to_string(), TokenSource::Cookie))
        );
        assert_eq!(cookie(&h, "MMCSRF"), Some("c"));
        assert_eq!(cookie(&h, "missing"), None);
    }

    #[test]
    fn csrf_needs_both_headers() {
        let session = Session {
            token: "t".into(),
            user_id: "u".into(),
            csrf_token: "c".into(),
            expires_at: 0,
        };
        assert!(passes_csrf(
            &headers(&[
                ("x-requested-with", "XMLHttpRequest"),
                ("x-csrf-token", "c")
            ]),
            &session
        ));
        assert!(!passes_csrf(&headers(&[("x-csrf-token", "c")]), &session));
        assert!(!passes_csrf(
            &headers(&[
                ("x-requested-with", "XMLHttpRequest"),
                ("x-csrf-token", "x")
            ]),
            &session
        ));
    }
}

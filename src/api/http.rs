//! Request plumbing shared by every endpoint: JSON in and out, cookie auth with the CSRF header,
//! errors as `ApiError`, and the "session ended" hook.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::rc::Rc;

use gloo_net::http::{Request, RequestBuilder, Response};
use serde::{de::DeserializeOwned, Serialize};
use wasm_bindgen::JsCast;

use super::ApiError;

/// Prefix of every REST path.
pub const API_ROOT: &str = "/api/v4";

/// A request the browser could not make or finish, with its reason: a JavaScript error's
/// message (`TypeError: Failed to fetch` gives "Failed to fetch"), or the value thrown if it is
/// text. Read from the value itself, not through `Debug`, which the release build leaves out.
pub(super) fn network_error(error: wasm_bindgen::JsValue) -> ApiError {
    let reason = match error.dyn_ref::<js_sys::Error>() {
        Some(error) => String::from(error.message()),
        None => error.as_string().unwrap_or_default(),
    };
    ApiError::Network(reason)
}

thread_local! {
    static ON_UNAUTHORIZED: RefCell<Option<Rc<dyn Fn()>>> = const { RefCell::new(None) };
    /// Counts the deliberate session changes begun or ended: a 401 for a request sent before one
    /// is about the session replaced, not the one in use.
    static SESSION_CHANGES: Cell<u64> = const { Cell::new(0) };
    /// A deliberate session change is under way (ending every session, then signing in again).
    static CHANGING_SESSION: Cell<bool> = const { Cell::new(false) };
}

/// Runs `work`, which ends this session and starts a new one, without treating the 401s that
/// the ended session earns meanwhile (a socket closing, a check of who I am) as a sign-out.
pub async fn changing_session<T>(work: impl Future<Output = T>) -> T {
    CHANGING_SESSION.set(true);
    SESSION_CHANGES.set(SESSION_CHANGES.get() + 1);
    let result = work.await;
    SESSION_CHANGES.set(SESSION_CHANGES.get() + 1);
    CHANGING_SESSION.set(false);
    result
}

/// Registers what to do when a call answers 401 (the session ended): the app goes to login.
pub fn set_unauthorized_handler(handler: impl Fn() + 'static) {
    ON_UNAUTHORIZED.with(|slot| *slot.borrow_mut() = Some(Rc::new(handler)));
}

/// Whether a 401 means "the session ended" (every call but login, where it means "wrong
/// password").
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum OnUnauthorized {
    EndSession,
    Report,
}

/// The value of a cookie in a `document.cookie` string.
pub fn cookie_value<'a>(cookies: &'a str, name: &str) -> Option<&'a str> {
    cookies
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

pub(super) fn csrf_token() -> String {
    let cookies = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.dyn_into::<web_sys::HtmlDocument>().ok())
        .and_then(|document| document.cookie().ok())
        .unwrap_or_default();
    cookie_value(&cookies, "MMCSRF")
        .unwrap_or_default()
        .to_string()
}

/// Marks a request as coming from the web app. Mattermost rejects a cookie-authenticated
/// request without `X-Requested-With` as a possible CSRF attempt (and sets the session cookies on
/// login only when it is present); writes must also echo the MMCSRF cookie.
fn from_app(builder: RequestBuilder) -> RequestBuilder {
    builder.header("X-Requested-With", "XMLHttpRequest")
}

fn write_from_app(builder: RequestBuilder) -> RequestBuilder {
    from_app(builder).header("X-CSRF-Token", &csrf_token())
}

pub(super) fn url(path: &str) -> String {
    format!("{API_ROOT}{path}")
}

async fn send(
    request: Result<Request, gloo_net::Error>,
    on_unauthorized: OnUnauthorized,
) -> Result<Response, ApiError> {
    let request = request.map_err(|error| ApiError::Decode(error.to_string()))?;
    let changes_before = SESSION_CHANGES.get();
    let response = request
        .send()
        .await
        .map_err(|error| ApiError::Network(error.to_string()))?;
    checked(response, on_unauthorized, changes_before).await
}

/// The answer to a request sent before the app was running (by the start script): `sent` is
/// the promise of its `Response`.
pub(super) async fn answer_sent_before_app<T: DeserializeOwned>(
    sent: js_sys::Promise,
    on_unauthorized: OnUnauthorized,
) -> Result<T, ApiError> {
    parse(&answer_text_sent_before_app(sent, on_unauthorized).await?)
}

async fn answer_text_sent_before_app(
    sent: js_sys::Promise,
    on_unauthorized: OnUnauthorized,
) -> Result<String, ApiError> {
    let changes_before = SESSION_CHANGES.get();
    let response: web_sys::Response = wasm_bindgen_futures::JsFuture::from(sent)
        .await
        .and_then(|response| response.dyn_into())
        .map_err(network_error)?;
    body_text(checked(response.into(), on_unauthorized, changes_before).await?).await
}

/// Where the start script keeps the answers it asked for before the app ran (assets/start.js,
/// `askForChannelPage`): a `Map` from a path under `API_ROOT` to the promise of its `Response`.
const ANSWERS_ASKED_BEFORE_APP: &str = "briskAnswersBeforeApp";

fn answers_asked_before_app() -> Option<js_sys::Map> {
    js_sys::Reflect::get(&js_sys::global(), &ANSWERS_ASKED_BEFORE_APP.into())
        .ok()?
        .dyn_into()
        .ok()
}

/// The start script's answer for `GET path`, taken: each is used once, by the app's first
/// request of that path.
fn take_answer_asked_before_app(path: &str) -> Option<js_sys::Promise> {
    let answers = answers_asked_before_app()?;
    let key = wasm_bindgen::JsValue::from_str(path);
    let answer = answers.get(&key).dyn_into().ok()?;
    answers.delete(&key);
    Some(answer)
}

/// Whether the start script asked for answers the app has not taken yet.
pub fn holds_answers_asked_before_app() -> bool {
    answers_asked_before_app().is_some_and(|answers| answers.size() > 0)
}

/// Drops the start script's answers not taken: they were for the page the app opened first, and
/// a later request of the same path wants the server's answer of then.
pub fn forget_answers_asked_before_app() {
    let global: js_sys::Object = js_sys::global();
    let _ = js_sys::Reflect::delete_property(&global, &ANSWERS_ASKED_BEFORE_APP.into());
}

/// `response` if it is a success, else its error (and, for a 401 that means the session in use
/// ended, the "session ended" hook run).
async fn checked(
    response: Response,
    on_unauthorized: OnUnauthorized,
    changes_before: u64,
) -> Result<Response, ApiError> {
    if response.ok() {
        return Ok(response);
    }
    let body = response.text().await.unwrap_or_default();
    let error = ApiError::from_response(response.status(), &body);
    let session_replaced = CHANGING_SESSION.get() || SESSION_CHANGES.get() != changes_before;
    if error.is_unauthorized() && on_unauthorized == OnUnauthorized::EndSession && !session_replaced
    {
        if let Some(handler) = ON_UNAUTHORIZED.with(|slot| slot.borrow().clone()) {
            handler();
        }
    }
    Err(error)
}

async fn body_text(response: Response) -> Result<String, ApiError> {
    response
        .text()
        .await
        .map_err(|error| ApiError::Network(error.to_string()))
}

/// An answer's JSON as `T`: the only part of a request made once per answer type, so the
/// requests' own code (waiting for the answer, its errors) is in the wasm once.
fn parse<T: DeserializeOwned>(body: &str) -> Result<T, ApiError> {
    brisk_model::json::from_str(body).map_err(|error| ApiError::Decode(error.to_string()))
}

/// `request` sent, and its answer's body if it is a success.
async fn send_for_text(
    request: Result<Request, gloo_net::Error>,
    on_unauthorized: OnUnauthorized,
) -> Result<String, ApiError> {
    body_text(send(request, on_unauthorized).await?).await
}

/// A request with `body` as its JSON (what gloo's `json` does, without its copy per body type).
fn with_json(
    builder: RequestBuilder,
    body: serde_json::Result<String>,
) -> Result<Request, gloo_net::Error> {
    builder
        .header("Content-Type", "application/json")
        .body(body.map_err(gloo_net::Error::SerdeError)?)
}

/// `GET path` → JSON.
pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    get_as(path, OnUnauthorized::EndSession).await
}

/// `GET path` → JSON, saying what a 401 means here.
pub async fn get_as<T: DeserializeOwned>(
    path: &str,
    on_unauthorized: OnUnauthorized,
) -> Result<T, ApiError> {
    parse(&get_text(path, on_unauthorized).await?)
}

async fn get_text(path: &str, on_unauthorized: OnUnauthorized) -> Result<String, ApiError> {
    if let Some(answer) = take_answer_asked_before_app(path) {
        return answer_text_sent_before_app(answer, on_unauthorized).await;
    }
    send_for_text(from_app(Request::get(&url(path))).build(), on_unauthorized).await
}

/// `GET path?query` → JSON.
pub async fn get_with_query<T: DeserializeOwned>(
    path: &str,
    query: &[(&str, String)],
) -> Result<T, ApiError> {
    get(&with_query(path, query)).await
}

/// `path?name=value&...`, each value escaped. Written once here rather than in each of
/// `get_with_query`'s instances (one per answer type).
fn with_query(path: &str, query: &[(&str, String)]) -> String {
    let pairs: Vec<String> = query
        .iter()
        .map(|(name, value)| format!("{name}={}", super::segment(value)))
        .collect();
    format!("{path}?{}", pairs.join("&"))
}

/// `POST path` with a JSON body → JSON.
pub async fn post<B: Serialize + ?Sized, T: DeserializeOwned>(
    path: &str,
    body: &B,
    on_unauthorized: OnUnauthorized,
) -> Result<T, ApiError> {
    let request = with_json(
        write_from_app(Request::post(&url(path))),
        serde_json::to_string(body),
    );
    parse(&send_for_text(request, on_unauthorized).await?)
}

/// `PUT path` with a JSON body → JSON.
pub async fn put<B: Serialize + ?Sized, T: DeserializeOwned>(
    path: &str,
    body: &B,
) -> Result<T, ApiError> {
    let request = with_json(
        write_from_app(Request::put(&url(path))),
        serde_json::to_string(body),
    );
    parse(&send_for_text(request, OnUnauthorized::EndSession).await?)
}

/// `DELETE path`, ignoring the answer's body.
pub async fn delete(path: &str) -> Result<(), ApiError> {
    let request = write_from_app(Request::delete(&url(path))).build();
    send(request, OnUnauthorized::EndSession).await.map(drop)
}

/// `POST path` with a JSON body, ignoring the answer's body.
pub async fn post_ignoring_body<B: Serialize + ?Sized>(
    path: &str,
    body: &B,
) -> Result<(), ApiError> {
    let request = with_json(
        write_from_app(Request::post(&url(path))),
        serde_json::to_string(body),
    );
    send(request, OnUnauthorized::EndSession).await.map(drop)
}

#[cfg(test)]
mod tests {
    use super::cookie_value;

    #[test]
    fn finds_the_csrf_cookie() {
        let cookies = "MMUSERID=u1; MMCSRF=abc123; other=x=y";
        assert_eq!(cookie_value(cookies, "MMCSRF"), Some("abc123"));
        assert_eq!(cookie_value(cookies, "other"), Some("x=y"));
        assert_eq!(cookie_value(cookies, "MMAUTHTOKEN"), None);
        assert_eq!(cookie_value("", "MMCSRF"), None);
    }
}

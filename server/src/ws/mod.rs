//! `GET /api/v4/websocket`: authentication (at upgrade or by challenge), `hello`, client actions
//! (`ping`, `user_typing`, statuses) and resumption with `connection_id` + `sequence_number`.

pub mod hub;

use std::time::Duration;

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use brisk_model::WebSocketRequest;
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Map, Value};

use crate::db::sessions::Session;
use crate::error::ApiError;
use crate::events::{Audience, Event};
use crate::http::auth::{live_session, token_from_headers};
use crate::http::json::QueryMap;
use crate::ids::now_ms;
use crate::{AppState, SERVER_VERSION};
use hub::{reply_text, Attached};

/// How long an unauthenticated socket may wait before sending its challenge: a client sends it at
/// once, so only sockets that take a place and do nothing wait longer.
pub const AUTH_TIMEOUT: Duration = Duration::from_secs(5);
/// Largest message (and frame) a client may send: actions are small JSON objects.
pub const MAX_INCOMING_MESSAGE: usize = 64 * 1024;
/// The server pings this often, so a vanished client (no close frame) is noticed...
const PING_INTERVAL: Duration = Duration::from_secs(30);
/// ...when nothing at all (not even a pong) has arrived for this long.
const IDLE_TIMEOUT: Duration = Duration::from_secs(90);

/// Upgrades the request; a token in the cookie or `Authorization` header authenticates at once.
/// Browsers must come from the server's own origin, else any page the user visits could open a
/// socket with their cookie and read their messages.
pub async fn upgrade(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: QueryMap,
    upgrade: Result<WebSocketUpgrade, axum::extract::ws::rejection::WebSocketUpgradeRejection>,
) -> Response {
    let upgrade = match upgrade {
        Ok(upgrade) => upgrade,
        Err(rejection) => {
            return ApiError::new(
                rejection.status(),
                "api.web_socket.connect.upgrade.app_error",
                "Failed to upgrade websocket connection.",
            )
            .detail(rejection.body_text())
            .into_response()
        }
    };
    if !is_same_origin(&headers) {
        tracing::warn!(origin = ?headers.get(header::ORIGIN), "cross-origin WebSocket refused");
        return ApiError::new(
            StatusCode::FORBIDDEN,
            "api.web_socket.connect.upgrade.app_error",
            "Failed to upgrade websocket connection.",
        )
        .detail("request origin not allowed")
        .into_response();
    }
    let Some(place) = state.hub.admit_socket() else {
        return too_many_sockets().into_response();
    };
    let session = match token_from_headers(&headers) {
        Some((token, _)) => live_session(&state, token).await,
        None => None,
    };
    let connection_id = query.str("connection_id").to_string();
    let sequence = query.str("sequence_number").parse::<i64>().ok();
    let resume = (!connection_id.is_empty())
        .then_some(connection_id)
        .zip(sequence);
    upgrade
        .max_message_size(MAX_INCOMING_MESSAGE)
        .max_frame_size(MAX_INCOMING_MESSAGE)
        .on_upgrade(move |socket| async move {
            serve_socket(state, socket, session, resume).await;
            drop(place);
        })
}

/// Whether the request comes from a page of this server, or from no page at all: a browser
/// always sends `Origin` on a WebSocket upgrade, other clients need not. As Mattermost (gorilla's
/// check), the origin's host and port must be the `Host` the request was sent to.
fn is_same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let origin_host = origin
        .to_str()
        .ok()
        .and_then(|origin| origin.split_once("://"))
        .map(|(_, host)| host);
    let host = headers
        .get(header::HOST)
        .and_then(|host| host.to_str().ok());
    matches!((origin_host, host), (Some(a), Some(b)) if a.eq_ignore_ascii_case(b))
}

fn too_many_sockets() -> ApiError {
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "api.web_socket.connect.too_many.app_error",
        "Too many WebSocket connections. Please try again later.",
    )
}

async fn serve_socket(
    state: AppState,
    socket: WebSocket,
    session: Option<Session>,
    resume: Option<(String, i64)>,
) {
    let (mut sink, mut stream) = socket.split();
    let session = match session {
        Some(session) => session,
        None => {
            match tokio::time::timeout(AUTH_TIMEOUT, authenticate(&state, &mut sink, &mut stream))
                .await
            {
                Ok(Some(session)) => session,
                _ => return,
            }
        }
    };
    let user_id = session.user_id;

    let attached = state.hub.connect(
        &user_id,
        &session.token,
        resume.as_ref().map(|(id, seq)| (id.as_str(), *seq)),
    );
    let Ok(Attached {
        conn,
        mut receiver,
        generation,
        ..
    }) = attached
    else {
        // Try again later (RFC 6455's 1013), as a client reconnecting after a while would.
        let close = axum::extract::ws::CloseFrame {
            code: 1013,
            reason: "too many connections for this user".into(),
        };
        let _ = sink.send(Message::Close(Some(close))).await;
        return;
    };
    announce_presence(&state, &user_id);
    let mut writer = tokio::spawn(async move {
        let mut ping = tokio::time::interval(PING_INTERVAL);
        ping.tick().await; // the first tick is immediate
        'socket: loop {
            let message = tokio::select! {
                queued = receiver.recv() => match queued {
                    Some(message) => Message::Text(message.into_text()),
                    // detached: resumed elsewhere, too slow, closed, or its session ended
                    None => break,
                },
                _ = ping.tick() => Message::Ping(Default::default()),
            };
            if sink.feed(message).await.is_err() {
                break;
            }
            // Under load many events wait here: write them all with one flush (one syscall)
            // rather than one per event, which is what limits fan-out to thousands of sockets.
            while let Ok(message) = receiver.try_recv() {
                if sink.feed(Message::Text(message.into_text())).await.is_err() {
                    break 'socket;
                }
            }
            if sink.flush().await.is_err() {
                break;
            }
        }
        let _ = sink.close().await;
    });

    loop {
        let message = tokio::select! {
            next = tokio::time::timeout(IDLE_TIMEOUT, stream.next()) => match next {
                Ok(Some(Ok(message))) => message,
                _ => break,
            },
            // The writer stopped (the connection was detached or the socket failed): done.
            _ = &mut writer => break,
        };
        match message {
            Message::Text(text) => match serde_json::from_str::<WebSocketRequest>(text.as_str()) {
                Ok(request) => handle_action(&state, &conn, request),
                Err(_) => conn.reply(reply_text(
                    "FAIL",
                    0,
                    None,
                    Some(bad_request("api.web_socket_router.bad_request.app_error")),
                )),
            },
            Message::Close(_) => break,
            _ => {}
        }
    }
    state.hub.detach(&conn, generation);
    writer.abort();
    announce_presence(&state, &user_id);
}

/// Tells the user's sockets of a status change (Mattermost sends `status_change` to the user
/// only; others poll `POST /users/status/ids`).
fn announce_presence(state: &AppState, user_id: &str) {
    if let Some(status) = state.hub.presence_changed(user_id) {
        state.hub.publish(&Event {
            name: brisk_model::event_name::STATUS_CHANGE,
            data: json!({ "status": status, "user_id": user_id }),
            audience: Audience::User(user_id.to_string()),
        });
    }
}

/// Waits for `authentication_challenge` and answers it; other actions are refused until then.
async fn authenticate(
    state: &AppState,
    sink: &mut futures_util::stream::SplitSink<WebSocket, Message>,
    stream: &mut futures_util::stream::SplitStream<WebSocket>,
) -> Option<Session> {
    while let Some(Ok(message)) = stream.next().await {
        let Message::Text(text) = message else {
            if matches!(message, Message::Close(_)) {
                return None;
            }
            continue;
        };
        let request: WebSocketRequest = serde_json::from_str(text.as_str()).unwrap_or_default();
        let token = request
            .data
            .get("token")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let session = if request.action == "authentication_challenge" && !token.is_empty() {
            live_session(state, token).await
        } else {
            None
        };
        let reply = match &session {
            Some(_) => reply_text("OK", request.seq, None, None),
            None => reply_text("FAIL", request.seq, None, Some(not_authenticated())),
        };
        if sink.send(Message::Text(reply.into())).await.is_err() {
            return None;
        }
        if session.is_some() {
            return session;
        }
    }
    None
}

fn not_authenticated() -> Value {
    serde_json::to_value(
        ApiError::new(
            axum::http::StatusCode::UNAUTHORIZED,
            "api.web_socket_router.not_authenticated.app_error",
            "Connection is not authenticated. Please log in and try again.",
        )
        .to_app_error(),
    )
    .unwrap_or(Value::Null)
}

fn bad_request(id: &'static str) -> Value {
    serde_json::to_value(
        ApiError::new(
            axum::http::StatusCode::BAD_REQUEST,
            id,
            "Invalid WebSocket request.",
        )
        .to_app_error(),
    )
    .unwrap_or(Value::Null)
}

fn handle_action(state: &AppState, conn: &hub::Conn, request: WebSocketRequest) {
    let seq = request.seq;
    if seq <= 0 {
        conn.reply(reply_text(
            "FAIL",
            seq,
            None,
            Some(bad_request("api.web_socket_router.bad_seq.app_error")),
        ));
        return;
    }
    let data = request.data.as_object().cloned().unwrap_or_default();
    let text = |name: &str| {
        data.get(name)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    match request.action.as_str() {
        "ping" => conn.reply(reply_text(
            "OK",
            seq,
            Some(json!({ "text": "pong", "version": SERVER_VERSION, "server_time": now_ms(), "node_id": "" })),
            None,
        )),
        "user_typing" => {
            let channel_id = text("channel_id");
            if !state.hub.is_channel_member(&channel_id, &conn.user_id) {
                conn.reply(reply_text("FAIL", seq, None, Some(bad_request("api.websocket_handler.invalid_param.app_error"))));
                return;
            }
            if !conn.may_announce_typing(std::time::Instant::now()) {
                conn.reply(reply_text("OK", seq, None, None));
                return;
            }
            state.hub.publish(&Event {
                name: brisk_model::event_name::TYPING,
                data: json!({ "parent_id": text("parent_id"), "user_id": conn.user_id }),
                audience: Audience::Channel { channel_id, omit_user: Some(conn.user_id.clone()) },
            });
            conn.reply(reply_text("OK", seq, None, None));
        }
        "get_statuses_by_ids" => {
            let ids: Vec<String> = data
                .get("user_ids")
                .and_then(Value::as_array)
                .map(|ids| ids.iter().filter_map(Value::as_str).map(str::to_string).collect())
                .unwrap_or_default();
            let statuses: Map<String, Value> = ids
                .into_iter()
                .map(|id| {
                    let status = if state.hub.is_online(&id) { "online" } else { "offline" };
                    (id, Value::String(status.into()))
                })
                .collect();
            conn.reply(reply_text("OK", seq, Some(Value::Object(statuses)), None));
        }
        "get_statuses" => {
            let statuses: Map<String, Value> = state
                .hub
                .online_users()
                .into_iter()
                .map(|id| (id, Value::String("online".into())))
                .collect();
            conn.reply(reply_text("OK", seq, Some(Value::Object(statuses)), None));
        }
        "authentication_challenge" => conn.reply(reply_text("OK", seq, None, None)),
        _ => conn.reply(reply_text("FAIL", seq, None, Some(bad_request("api.web_socket_router.bad_action.app_error")))),
    }
}

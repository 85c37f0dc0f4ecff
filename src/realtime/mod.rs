//! The WebSocket to `/api/v4/websocket`: authenticated by the session cookie, events decoded into
//! `WebSocketEvent` and handed to a callback, a ping every 30 s, and reconnection with backoff
//! that resumes the server's event stream where it stopped.

mod sequence;

use std::time::Duration;

use brisk_model::{WebSocketEvent, WebSocketRequest};
use std::cell::RefCell;

use futures::channel::{mpsc, oneshot};
use futures::future::Fuse;
use futures::{FutureExt, SinkExt, StreamExt};
use gloo_net::websocket::{futures::WebSocket, Message, WebSocketError};
use gloo_timers::future::{sleep, IntervalStream};

pub use sequence::Resume;

/// How often the client proves the socket alive; two silent intervals mean it is dead.
const PING_INTERVAL: Duration = Duration::from_secs(30);
/// First retry delay, doubled per failed attempt up to the cap (Mattermost's values).
const MIN_RETRY: Duration = Duration::from_secs(3);
const MAX_RETRY: Duration = Duration::from_secs(5 * 60);
/// Spread of the random delay added so clients don't all return at once after an outage.
const JITTER: Duration = Duration::from_secs(2);

thread_local! {
    /// Where `send_action` puts client actions for the socket that is open now, if any.
    static OUTGOING: RefCell<Option<mpsc::UnboundedSender<WebSocketRequest>>> =
        const { RefCell::new(None) };
}

/// Sends a client action (`user_typing`, say) on the open socket; dropped while disconnected,
/// which suits actions that only matter now.
pub fn send_action(action: &str, data: serde_json::Value) {
    OUTGOING.with(|slot| {
        if let Some(sender) = slot.borrow().as_ref() {
            let _ = sender.unbounded_send(WebSocketRequest {
                seq: 0,
                action: action.to_string(),
                data,
            });
        }
    });
}

/// A live connection; dropping it closes the socket and stops reconnecting.
pub struct Connection {
    _stop: oneshot::Sender<()>,
}

/// Opens the socket and keeps it open, calling `on_event` for every server event in order.
pub fn connect(on_event: impl Fn(WebSocketEvent) + 'static) -> Connection {
    let (stop_sender, stop) = oneshot::channel();
    wasm_bindgen_futures::spawn_local(run(on_event, stop));
    Connection { _stop: stop_sender }
}

/// How a socket's life ended.
enum Ended {
    /// The owner dropped the `Connection`.
    Stopped,
    /// Closed, silent, or an event was missed; `greeted` if the server said hello first.
    Lost { greeted: bool },
}

async fn run(on_event: impl Fn(WebSocketEvent), stop: oneshot::Receiver<()>) {
    let mut stop = stop.fuse();
    let mut resume: Option<Resume> = None;
    let mut failed_attempts: u32 = 0;
    loop {
        let ended = match WebSocket::open(&socket_url(resume.as_ref())) {
            Ok(socket) => live(socket, &on_event, &mut resume, &mut stop).await,
            Err(_) => Ended::Lost { greeted: false },
        };
        match ended {
            Ended::Stopped => return,
            Ended::Lost { greeted: true } => failed_attempts = 1,
            Ended::Lost { greeted: false } => failed_attempts += 1,
        }
        let delay = retry_delay(failed_attempts, js_sys::Math::random());
        futures::select! {
            _ = sleep(delay).fuse() => {}
            _ = stop => return,
        }
    }
}

/// What woke the socket pump.
enum Wake {
    Message(Option<Result<Message, WebSocketError>>),
    PingDue,
    Send(WebSocketRequest),
    Stop,
}

/// Pumps one socket until it ends.
async fn live(
    mut socket: WebSocket,
    on_event: &impl Fn(WebSocketEvent),
    resume: &mut Option<Resume>,
    stop: &mut Fuse<oneshot::Receiver<()>>,
) -> Ended {
    let mut ticks = IntervalStream::new(PING_INTERVAL.as_millis() as u32).fuse();
    let mut greeted = false;
    let mut heard_since_ping = true;
    let mut action_seq: i64 = 1;
    let (outgoing, mut to_send) = mpsc::unbounded();
    OUTGOING.with(|slot| *slot.borrow_mut() = Some(outgoing));
    loop {
        let wake = futures::select! {
            message = socket.next().fuse() => Wake::Message(message),
            _ = ticks.next() => Wake::PingDue,
            request = to_send.next() => match request {
                Some(request) => Wake::Send(request),
                None => continue,
            },
            _ = &mut *stop => Wake::Stop,
        };
        match wake {
            Wake::Stop => return Ended::Stopped,
            Wake::Message(Some(Ok(Message::Text(text)))) => {
                heard_since_ping = true;
                // Replies to our pings carry `seq_reply` and no event name.
                let Ok(event) = serde_json::from_str::<WebSocketEvent>(&text) else {
                    continue;
                };
                if event.event.is_empty() {
                    continue;
                }
                if !sequence::accept(resume, &event) {
                    return Ended::Lost { greeted };
                }
                greeted = true;
                on_event(event);
            }
            Wake::Message(Some(Ok(Message::Bytes(_)))) => heard_since_ping = true,
            Wake::Send(mut request) => {
                request.seq = action_seq;
                action_seq += 1;
                let Ok(text) = serde_json::to_string(&request) else {
                    continue;
                };
                if socket.send(Message::Text(text)).await.is_err() {
                    return Ended::Lost { greeted };
                }
            }
            Wake::Message(Some(Err(_)) | None) => return Ended::Lost { greeted },
            Wake::PingDue => {
                if !heard_since_ping {
                    return Ended::Lost { greeted };
                }
                heard_since_ping = false;
                let ping = WebSocketRequest {
                    seq: action_seq,
                    action: "ping".into(),
                    ..WebSocketRequest::default()
                };
                action_seq += 1;
                let Ok(text) = serde_json::to_string(&ping) else {
                    continue;
                };
                if socket.send(Message::Text(text)).await.is_err() {
                    return Ended::Lost { greeted };
                }
            }
        }
    }
}

/// `ws(s)://host/api/v4/websocket`, with the resume point after a first connection.
fn socket_url(resume: Option<&Resume>) -> String {
    let location = web_sys::window().map(|window| window.location());
    let secure = location
        .as_ref()
        .and_then(|l| l.protocol().ok())
        .is_some_and(|p| p == "https:");
    let host = location.and_then(|l| l.host().ok()).unwrap_or_default();
    sequence::socket_url(secure, &host, resume)
}

/// Delay before reconnect attempt `attempt` (1-based); `random` in [0, 1) adds jitter.
fn retry_delay(attempt: u32, random: f64) -> Duration {
    let doublings = attempt.saturating_sub(1).min(16);
    let base = MIN_RETRY.saturating_mul(1 << doublings).min(MAX_RETRY);
    base + JITTER.mul_f64(random.clamp(0.0, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_start_at_three_seconds_and_double_up_to_five_minutes() {
        let secs = |attempt| retry_delay(attempt, 0.0).as_secs();
        assert_eq!([secs(1), secs(2), secs(3), secs(4)], [3, 6, 12, 24]);
        assert_eq!(secs(8), 300);
        assert_eq!(secs(1000), 300);
        assert_eq!(retry_delay(1, 0.5), Duration::from_secs(4));
    }
}

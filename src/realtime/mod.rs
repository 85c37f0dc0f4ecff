//! The WebSocket to `/api/v4/websocket`: authenticated by the session cookie, events checked for
//! order and handed on exactly once, a ping every 30 s to find dead sockets, and reconnection with
//! growing backoff and jitter (at once when the network returns or the tab is shown again) that
//! resumes the server's event stream where it stopped, or asks the owner to resync when it can't.

mod sequence;
mod wakeups;

use std::cell::RefCell;
use std::time::Duration;

use brisk_model::{Frame, ServerEvent, WebSocketRequest};
use futures::channel::{mpsc, oneshot};
use futures::future::Fuse;
use futures::{FutureExt, SinkExt, StreamExt};
use gloo_net::websocket::{futures::WebSocket, Message, State};
use gloo_timers::future::{sleep, IntervalStream};

use sequence::{EventStream, Resume, Verdict};
pub use wakeups::online;
use wakeups::{Wakeup, Wakeups};

/// How often the client proves the socket alive; a ping unanswered by the next one means dead.
const PING_INTERVAL: Duration = Duration::from_secs(30);
/// How long a socket may take to open before the attempt counts as failed.
const OPEN_TIMEOUT: Duration = Duration::from_secs(15);
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

/// What the socket tells its owner, in order.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    /// A socket is open: the first one, or one after a loss.
    Connected,
    /// The socket is down (lost, or an attempt failed); reconnecting.
    Disconnected,
    /// The next server event the client acts on, decoded. Each arrives once, in the server's
    /// order. Boxed: an event carrying a post is far larger than the other notices.
    Event(Box<ServerEvent>),
    /// Events were lost (the server could not resume the stream, or one went missing): refetch
    /// whatever they could have changed.
    Resync,
}

/// A live connection; dropping it closes the socket and stops reconnecting.
pub struct Connection {
    _stop: oneshot::Sender<()>,
}

/// What stops a connection: it has stopped once its `Connection` is dropped.
pub type Stop = oneshot::Receiver<()>;

impl Connection {
    /// A connection to be opened with `connect`, and what stops it.
    pub fn new() -> (Connection, Stop) {
        let (stop_sender, stop) = oneshot::channel();
        (Connection { _stop: stop_sender }, stop)
    }
}

/// Opens the socket and keeps it open until `stop`, telling `on_notice` what happens.
pub fn connect(on_notice: impl Fn(Notice) + 'static, stop: Stop) {
    wasm_bindgen_futures::spawn_local(run(on_notice, stop));
}

/// How a socket's life ended.
enum Ended {
    /// The owner dropped the `Connection`.
    Stopped,
    /// Closed, silent, or the network went away; `opened` if it had opened.
    Lost { opened: bool },
    /// An event went missing: the server is up, so start a fresh stream at once.
    Gap,
}

async fn run(on_notice: impl Fn(Notice), stop: oneshot::Receiver<()>) {
    let mut stop = stop.fuse();
    let mut browser = Wakeups::listen();
    let mut stream = EventStream::default();
    let mut failed_attempts: u32 = 0;
    let mut last_was_gap = false;
    loop {
        if wakeups::online() {
            let url = socket_url(stream.resume_point().as_ref());
            let ended = match WebSocket::open(&url) {
                Ok(socket) => live(socket, &on_notice, &mut stream, &mut browser, &mut stop).await,
                Err(_) => Ended::Lost { opened: false },
            };
            if matches!(ended, Ended::Stopped) {
                return;
            }
            on_notice(Notice::Disconnected);
            match ended {
                Ended::Stopped => return,
                // At once, unless the fresh stream broke too (then something is wrong upstream).
                Ended::Gap if !last_was_gap => {
                    last_was_gap = true;
                    failed_attempts = 0;
                    continue;
                }
                Ended::Gap | Ended::Lost { opened: true } => failed_attempts = 1,
                Ended::Lost { opened: false } => failed_attempts += 1,
            }
            last_was_gap = matches!(ended, Ended::Gap);
        }
        // Offline, nothing can connect: wait for the network instead of burning attempts.
        let mut pause = if wakeups::online() {
            sleep(retry_delay(failed_attempts, js_sys::Math::random())).fuse()
        } else {
            Fuse::terminated()
        };
        loop {
            futures::select! {
                _ = pause => break,
                wakeup = browser.next() => match wakeup {
                    Some(Wakeup::Online) => break,
                    Some(Wakeup::Visible) if wakeups::online() => break,
                    _ => {}
                },
                _ = stop => return,
            }
        }
    }
}

/// What woke the socket pump.
enum Wake {
    Message(Option<Result<Message, gloo_net::websocket::WebSocketError>>),
    PingDue,
    Browser(Option<Wakeup>),
    Send(WebSocketRequest),
    Stop,
}

/// Numbers the client's own messages (pings, actions); the server answers each with its
/// `seq_reply`.
struct Actions {
    next_seq: i64,
}

impl Actions {
    fn message(&mut self, mut request: WebSocketRequest) -> Message {
        request.seq = self.next_seq;
        self.next_seq += 1;
        Message::Text(serde_json::to_string(&request).unwrap_or_default())
    }

    fn ping(&mut self) -> Message {
        self.message(WebSocketRequest {
            action: "ping".into(),
            ..WebSocketRequest::default()
        })
    }
}

/// Pumps one socket until it ends.
async fn live(
    mut socket: WebSocket,
    on_notice: &impl Fn(Notice),
    stream: &mut EventStream,
    browser: &mut Wakeups,
    stop: &mut Fuse<oneshot::Receiver<()>>,
) -> Ended {
    let mut actions = Actions { next_seq: 1 };
    // Ping as soon as it opens, as Mattermost's client does: the send completes once the socket
    // is open (or failed), which tells the two apart even when a resumed stream has nothing to
    // replay and stays silent.
    let opening = actions.ping();
    futures::select! {
        _ = socket.send(opening).fuse() => {}
        _ = sleep(OPEN_TIMEOUT).fuse() => {}
        _ = &mut *stop => return Ended::Stopped,
    }
    if !matches!(socket.state(), State::Open) {
        return Ended::Lost { opened: false };
    }
    on_notice(Notice::Connected);

    let (outgoing, mut to_send) = mpsc::unbounded();
    OUTGOING.with(|slot| *slot.borrow_mut() = Some(outgoing));
    let mut ticks = IntervalStream::new(PING_INTERVAL.as_millis() as u32).fuse();
    let mut awaiting_reply = true;
    loop {
        let wake = futures::select! {
            message = socket.next().fuse() => Wake::Message(message),
            _ = ticks.next() => Wake::PingDue,
            wakeup = browser.next() => Wake::Browser(wakeup),
            request = to_send.select_next_some() => Wake::Send(request),
            _ = &mut *stop => Wake::Stop,
        };
        let message = match wake {
            Wake::Stop => return Ended::Stopped,
            Wake::Message(Some(Ok(Message::Text(text)))) => {
                awaiting_reply = false;
                // Replies to our pings carry `seq_reply` and no event name.
                let Some(frame) = Frame::parse(&text) else {
                    continue;
                };
                if frame.event.is_empty() {
                    continue;
                }
                // Every frame counts for the order, even one the client does not act on.
                let verdict = stream.accept(&frame);
                if verdict == Verdict::Gap {
                    return Ended::Gap;
                }
                if let Some(event) = ServerEvent::decode(&frame) {
                    on_notice(Notice::Event(Box::new(event)));
                }
                if verdict == Verdict::NewStream {
                    on_notice(Notice::Resync);
                }
                continue;
            }
            Wake::Message(Some(Ok(Message::Bytes(_)))) => {
                awaiting_reply = false;
                continue;
            }
            Wake::Message(Some(Err(_)) | None) => return Ended::Lost { opened: true },
            Wake::PingDue if awaiting_reply => return Ended::Lost { opened: true },
            Wake::PingDue => {
                awaiting_reply = true;
                actions.ping()
            }
            Wake::Send(request) => actions.message(request),
            // The socket can't work without a network; a new one resumes once it is back.
            Wake::Browser(Some(Wakeup::Offline)) => return Ended::Lost { opened: true },
            Wake::Browser(Some(Wakeup::Visible)) => {
                // After a sleep the socket may be dead without a word: check now, and give the
                // answer a whole interval.
                ticks = IntervalStream::new(PING_INTERVAL.as_millis() as u32).fuse();
                awaiting_reply = true;
                actions.ping()
            }
            Wake::Browser(_) => continue,
        };
        if socket.send(message).await.is_err() {
            return Ended::Lost { opened: true };
        }
    }
}

/// `ws(s)://host/api/v4/websocket`, with the resume point when there is one.
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

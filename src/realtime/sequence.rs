//! Event numbering: the server numbers a connection's events from 0 (the hello) with no gaps,
//! and can replay what a client missed if it reconnects with its connection id and next number.
//!
//! Both of the server's answers to a resume are handled, as Mattermost's own web app handles
//! them: when the gap is covered the replay simply continues the numbering (no new `hello`); when
//! it is not, a `hello` with a *new* connection id starts again at 0 and everything in between
//! is lost, so the owner must resync.

use brisk_model::Frame;

/// Where to resume the server's event stream after a reconnect.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resume {
    pub connection_id: String,
    /// The `seq` of the next event expected (last seen + 1).
    pub next_seq: i64,
}

/// What to do with an event just received.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The next event of the stream: hand it on.
    InOrder,
    /// A `hello` that starts a new stream after an earlier one: hand it on, then resync, since
    /// whatever happened between the two streams was never delivered.
    NewStream,
    /// An event is missing: drop the socket. The next one starts a fresh stream (its `hello` then
    /// asks for the resync).
    Gap,
}

/// The server's event stream as this client has followed it, across sockets.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EventStream {
    /// The id from the last `hello`.
    connection_id: Option<String>,
    /// The `seq` expected next.
    next_seq: i64,
    /// False after a gap: resuming would replay from the missing event, but a missing event means
    /// the server's numbering can't be trusted, so the next socket starts over.
    broken: bool,
}

impl EventStream {
    /// Where the next socket should resume, if it can.
    pub fn resume_point(&self) -> Option<Resume> {
        let connection_id = self.connection_id.clone().filter(|_| !self.broken)?;
        Some(Resume {
            connection_id,
            next_seq: self.next_seq,
        })
    }

    /// Checks `event` follows the last one and advances the stream.
    pub fn accept(&mut self, event: &Frame) -> Verdict {
        let mut verdict = Verdict::InOrder;
        if let Some(connection_id) = event.hello_connection_id() {
            // The same id again would be a resumed stream greeting anew: its numbering goes on.
            if self.connection_id.as_deref() != Some(connection_id.as_str()) {
                let previous = self.connection_id.replace(connection_id);
                self.next_seq = 0;
                self.broken = false;
                if previous.is_some() {
                    verdict = Verdict::NewStream;
                }
            }
        }
        if self.connection_id.is_none() || event.seq != self.next_seq {
            self.broken = true;
            return Verdict::Gap;
        }
        self.next_seq += 1;
        verdict
    }
}

/// The socket URL for a page served over `https` (`secure`) or not.
pub fn socket_url(secure: bool, host: &str, resume: Option<&Resume>) -> String {
    let scheme = if secure { "wss" } else { "ws" };
    let mut url = format!("{scheme}://{host}/api/v4/websocket");
    if let Some(resume) = resume {
        url.push_str(&format!(
            "?connection_id={}&sequence_number={}",
            resume.connection_id, resume.next_seq
        ));
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A frame named `name` numbered `seq`, as the socket delivers it.
    fn event(name: &str, seq: i64) -> String {
        json!({"event": name, "data": {}, "seq": seq}).to_string()
    }

    fn hello(connection_id: &str, seq: i64) -> String {
        json!({"event": "hello", "data": {"connection_id": connection_id, "server_version": "x"}, "seq": seq})
            .to_string()
    }

    /// Hands `stream` the frame in `text`.
    fn accept(stream: &mut EventStream, text: &str) -> Verdict {
        stream.accept(&Frame::parse(text).expect("a frame"))
    }

    fn resume(connection_id: &str, next_seq: i64) -> Option<Resume> {
        Some(Resume {
            connection_id: connection_id.into(),
            next_seq,
        })
    }

    /// A stream that has seen conn1's hello and events 1 and 2.
    fn followed() -> EventStream {
        let mut stream = EventStream::default();
        assert_eq!(accept(&mut stream, &hello("conn1", 0)), Verdict::InOrder);
        assert_eq!(accept(&mut stream, &event("posted", 1)), Verdict::InOrder);
        assert_eq!(accept(&mut stream, &event("typing", 2)), Verdict::InOrder);
        stream
    }

    #[test]
    fn the_first_stream_starts_at_its_hello_and_needs_no_resync() {
        let mut stream = EventStream::default();
        assert_eq!(
            stream.resume_point(),
            None,
            "a first socket has nothing to resume"
        );
        assert_eq!(accept(&mut stream, &hello("conn1", 0)), Verdict::InOrder);
        assert_eq!(stream.resume_point(), resume("conn1", 1));
    }

    #[test]
    fn a_covered_resume_replays_without_a_hello_and_continues_the_numbering() {
        let mut stream = followed();
        assert_eq!(stream.resume_point(), resume("conn1", 3));
        // The socket drops; the next one resumes and the server replays 3 and 4.
        assert_eq!(accept(&mut stream, &event("posted", 3)), Verdict::InOrder);
        assert_eq!(accept(&mut stream, &event("posted", 4)), Verdict::InOrder);
        assert_eq!(stream.resume_point(), resume("conn1", 5));
    }

    #[test]
    fn a_hello_with_the_same_id_continues_the_numbering() {
        let mut stream = followed();
        assert_eq!(accept(&mut stream, &hello("conn1", 3)), Verdict::InOrder);
        assert_eq!(accept(&mut stream, &event("posted", 4)), Verdict::InOrder);
    }

    #[test]
    fn a_resume_the_server_could_not_cover_starts_a_new_stream_that_asks_for_a_resync() {
        let mut stream = followed();
        assert_eq!(accept(&mut stream, &hello("conn2", 0)), Verdict::NewStream);
        assert_eq!(accept(&mut stream, &event("posted", 1)), Verdict::InOrder);
        assert_eq!(stream.resume_point(), resume("conn2", 2));
    }

    #[test]
    fn a_gap_breaks_the_stream_and_the_next_socket_starts_over_then_resyncs() {
        let mut stream = followed();
        assert_eq!(
            accept(&mut stream, &event("posted", 4)),
            Verdict::Gap,
            "3 was missed"
        );
        assert_eq!(stream.resume_point(), None, "reconnect without resuming");
        assert_eq!(accept(&mut stream, &hello("conn2", 0)), Verdict::NewStream);
        assert_eq!(stream.resume_point(), resume("conn2", 1));
    }

    #[test]
    fn a_replayed_duplicate_is_a_gap_too() {
        let mut stream = followed();
        assert_eq!(accept(&mut stream, &event("posted", 2)), Verdict::Gap);
    }

    #[test]
    fn an_event_before_any_hello_or_a_hello_not_at_zero_is_a_gap() {
        assert_eq!(
            accept(&mut EventStream::default(), &event("posted", 0)),
            Verdict::Gap
        );
        assert_eq!(
            accept(&mut EventStream::default(), &hello("c", 7)),
            Verdict::Gap
        );
    }

    #[test]
    fn the_url_follows_the_page_scheme_and_carries_the_resume_point() {
        assert_eq!(
            socket_url(false, "localhost:8065", None),
            "ws://localhost:8065/api/v4/websocket"
        );
        assert_eq!(
            socket_url(true, "chat.example.org", resume("abc", 9).as_ref()),
            "wss://chat.example.org/api/v4/websocket?connection_id=abc&sequence_number=9"
        );
    }
}

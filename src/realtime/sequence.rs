//! Event numbering: the server numbers a connection's events from 0 (the hello) with no gaps,
//! and can replay what a client missed if it reconnects with its connection id and next number.

use brisk_model::{event_name, WebSocketEvent};

/// Where to resume the server's event stream after a reconnect.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resume {
    pub connection_id: String,
    /// The `seq` of the next event expected (last seen + 1).
    pub next_seq: i64,
}

/// Checks `event` follows the last one and advances `resume`. False means an event was missed:
/// the socket must be dropped and reopened (the server replays from `resume` if it still can).
pub fn accept(resume: &mut Option<Resume>, event: &WebSocketEvent) -> bool {
    if event.event == event_name::HELLO {
        let connection_id = event.data["connection_id"].as_str().unwrap_or_default();
        // A different id means a fresh stream (server restart, or the gap was too old).
        if resume
            .as_ref()
            .is_none_or(|known| known.connection_id != connection_id)
        {
            *resume = Some(Resume {
                connection_id: connection_id.to_string(),
                next_seq: 0,
            });
        }
    }
    match resume {
        Some(expected) if expected.next_seq == event.seq => {
            expected.next_seq += 1;
            true
        }
        _ => false,
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

    fn event(name: &str, seq: i64) -> WebSocketEvent {
        let data = if name == "hello" {
            json!({"connection_id": "conn1"})
        } else {
            json!({})
        };
        WebSocketEvent {
            event: name.into(),
            data,
            seq,
            ..WebSocketEvent::default()
        }
    }

    #[test]
    fn events_must_follow_the_hello_without_gaps() {
        let mut resume = None;
        assert!(accept(&mut resume, &event("hello", 0)));
        assert!(accept(&mut resume, &event("posted", 1)));
        assert!(accept(&mut resume, &event("typing", 2)));
        assert!(
            !accept(&mut resume, &event("posted", 4)),
            "seq 3 was missed"
        );
        assert_eq!(
            resume,
            Some(Resume {
                connection_id: "conn1".into(),
                next_seq: 3
            })
        );
    }

    #[test]
    fn a_resumed_stream_continues_its_numbering_and_a_new_one_restarts() {
        let mut resume = Some(Resume {
            connection_id: "conn1".into(),
            next_seq: 3,
        });
        assert!(accept(&mut resume, &event("hello", 3)));
        assert!(accept(&mut resume, &event("posted", 4)));

        let mut fresh = WebSocketEvent {
            data: json!({"connection_id": "conn2"}),
            ..event("hello", 0)
        };
        assert!(accept(&mut resume, &fresh));
        assert_eq!(resume.as_ref().map(|r| r.next_seq), Some(1));
        fresh.seq = 7;
        fresh.data = json!({"connection_id": "conn3"});
        assert!(!accept(&mut resume, &fresh), "a fresh stream starts at 0");
    }

    #[test]
    fn an_event_before_any_hello_is_a_broken_stream() {
        assert!(!accept(&mut None, &event("posted", 0)));
    }

    #[test]
    fn the_url_follows_the_page_scheme_and_carries_the_resume_point() {
        assert_eq!(
            socket_url(false, "localhost:8065", None),
            "ws://localhost:8065/api/v4/websocket"
        );
        let resume = Resume {
            connection_id: "abc".into(),
            next_seq: 9,
        };
        assert_eq!(
            socket_url(true, "chat.example.org", Some(&resume)),
            "wss://chat.example.org/api/v4/websocket?connection_id=abc&sequence_number=9"
        );
    }
}

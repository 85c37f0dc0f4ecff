//! Accepting connections, and how long a client may take. `axum::serve` sets no timer, so a client
//! sending its request a byte at a time (slowloris) could hold a connection and its task for ever:
//! here each connection must send a whole request head within `Timeouts::header_read`, a body
//! may not stall longer than `Timeouts::body_idle`, and a request (uploads aside) must be answered
//! within `Timeouts::request`. Each request also carries the peer's address (`ConnectInfo`),
//! which the login throttle counts failures by.

use std::future::Future;
use std::pin::pin;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{ConnectInfo, Request as AxumRequest, State};
use axum::http::{Method, Request, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tower::ServiceExt;

use crate::error::ApiError;

/// How long a client may take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeouts {
    /// To send a request head (and to start the next one on a kept-alive connection).
    pub header_read: Duration,
    /// Between two pieces of a request body.
    pub body_idle: Duration,
    /// From the request to the answer's head, for everything but uploads (whose bodies may
    /// take long on a slow link; they have `body_idle`).
    pub request: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            header_read: Duration::from_secs(10),
            body_idle: Duration::from_secs(30),
            request: Duration::from_secs(60),
        }
    }
}

/// The middleware: a request not answered within `Timeouts::request` gets a 503 AppError.
pub async fn deadline(State(limit): State<Duration>, request: AxumRequest, next: Next) -> Response {
    let path = request.uri().path();
    let is_upload = request.method() == Method::POST
        && (path == "/api/v4/files" || path.starts_with("/api/v4/uploads/"));
    if is_upload {
        return next.run(request).await;
    }
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "api.context.request_timeout.app_error",
            "The request took too long. Please try again.",
        )
        .into_response(),
    }
}

/// Turns Nagle's algorithm off on an accepted connection. WebSocket events are small frames
/// written as they happen: with it on, each frame written while the one before is unacknowledged
/// waits for that acknowledgement, which the client delays by up to 40 ms; a socket's `hello`
/// (written right after the reply to its authentication) waited so on every connect, and a stream
/// of events arrived in 40 ms bursts. (`axum::serve` leaves it on as well.)
fn send_without_delay(stream: &tokio::net::TcpStream) {
    if let Err(err) = stream.set_nodelay(true) {
        tracing::debug!(%err, "cannot set TCP_NODELAY");
    }
}

/// Serves `router` on `listener` until `shutdown` completes, then lets the requests in progress
/// finish (connections close once idle) before returning.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    header_read_timeout: Duration,
    shutdown: impl Future<Output = ()>,
) {
    let (stop_tx, stop_rx) = watch::channel(());
    let (done_tx, done_rx) = watch::channel(());
    let mut shutdown = pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(err) => {
                    // Out of file descriptors, say: wait for connections to close, do not spin.
                    tracing::warn!(%err, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        send_without_delay(&stream);
        let service = router
            .clone()
            .map_request(move |request: Request<Incoming>| {
                let mut request = request.map(Body::new);
                request.extensions_mut().insert(ConnectInfo(peer));
                request
            });
        let mut stop = stop_rx.clone();
        let done = done_rx.clone();
        tokio::spawn(async move {
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(header_read_timeout);
            let connection = builder
                .serve_connection(TokioIo::new(stream), TowerToHyperService::new(service))
                .with_upgrades();
            let mut connection = pin!(connection);
            let result = tokio::select! {
                result = connection.as_mut() => result,
                _ = stop.changed() => {
                    connection.as_mut().graceful_shutdown();
                    connection.await
                }
            };
            if let Err(err) = result {
                tracing::debug!(%err, %peer, "connection ended with an error");
            }
            drop(done);
        });
    }
    drop(listener);
    drop(done_rx);
    let _ = stop_tx.send(());
    done_tx.closed().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn accepted_connections_send_small_writes_at_once() {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let address = listener.local_addr().expect("address");
        let _client = tokio::net::TcpStream::connect(address)
            .await
            .expect("connect");
        let (accepted, _) = listener.accept().await.expect("accept");
        assert!(!accepted.nodelay().expect("read TCP_NODELAY"));
        send_without_delay(&accepted);
        assert!(accepted.nodelay().expect("read TCP_NODELAY"));
    }
}

//! The few calls of Matrix's client-server API the bridge makes, over hyper's HTTP/1 client (TLS
//! through rustls for https homeservers): one connection per call, JSON in and out (or a media
//! file's bytes), and Matrix's error body read into `CallError`. Rate-limit answers are waited
//! out here, so callers never see them.

use std::time::Duration;

use axum::body::Bytes;
use axum::http::{header, Method, Request};
use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use tokio::net::TcpStream;
use tokio::time::timeout;

use super::super::{tls_connector, LinkError, Secret};

/// A call with no answer after this long (beyond any long-poll it asked for) is given up.
const ANSWER_WITHIN: Duration = Duration::from_secs(20);
/// Answers larger than this are refused: a sync of one room filtered as the bridge asks stays
/// far below it.
const ANSWER_MAX: usize = 16 * 1024 * 1024;
/// A homeserver asking to wait longer than this between calls is treated as unreachable.
const LONGEST_RATE_LIMIT: Duration = Duration::from_secs(300);

/// Where the homeserver is, from its base URL.
#[derive(Clone, Debug)]
pub struct Homeserver {
    pub tls: bool,
    pub host: String,
    pub port: u16,
}

/// Why a call failed: the network, or Matrix's answer.
#[derive(Debug)]
pub enum CallError {
    Link(LinkError),
    Refused {
        status: u16,
        errcode: String,
        error: String,
    },
}

impl From<LinkError> for CallError {
    fn from(err: LinkError) -> Self {
        Self::Link(err)
    }
}

impl From<CallError> for LinkError {
    fn from(err: CallError) -> Self {
        match err {
            CallError::Link(err) => err,
            CallError::Refused {
                status,
                errcode,
                error,
            } => LinkError::new(format!(
                "the homeserver answered {status} {errcode}: {error}"
            )),
        }
    }
}

/// Matrix's error body.
#[derive(Deserialize, Default)]
struct ErrorBody {
    #[serde(default)]
    errcode: String,
    #[serde(default)]
    error: String,
    retry_after_ms: Option<u64>,
}

impl Homeserver {
    /// Reads `http://host[:port]` or `https://host[:port]` (a trailing slash is fine, a path is not).
    pub fn parse(url: &str) -> Result<Self, String> {
        let (tls, rest) = if let Some(rest) = url.strip_prefix("https://") {
            (true, rest)
        } else if let Some(rest) = url.strip_prefix("http://") {
            (false, rest)
        } else {
            return Err(format!("`{url}` is not an http:// or https:// URL"));
        };
        let authority = rest.trim_end_matches('/');
        if authority.contains('/') || authority.contains('@') {
            return Err(format!(
                "`{url}` must be the homeserver's base URL, with no path"
            ));
        }
        let (host, port) = crate::bridge::split_authority(url, authority)?;
        let port = crate::bridge::parse_port(url, port, if tls { 443 } else { 80 })?;
        if host.is_empty() || host.contains(char::is_whitespace) {
            return Err(format!("`{url}` has no usable host"));
        }
        Ok(Self {
            tls,
            host: host.to_string(),
            port,
        })
    }

    /// `host:port` as people write it.
    pub fn authority(&self) -> String {
        crate::bridge::host_and_port(&self.host, self.port)
    }

    /// Calls `/_matrix/client/v3{path}`, waiting out rate limits; `long_poll` is how long the
    /// homeserver may hold the answer back (a /sync's timeout).
    pub async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        token: Option<&Secret>,
        body: Option<&impl Serialize>,
        long_poll: Duration,
    ) -> Result<T, CallError> {
        let body = match body {
            Some(body) => Bytes::from(
                serde_json::to_vec(body)
                    .map_err(|err| LinkError::new(format!("request body: {err}")))?,
            ),
            None => Bytes::new(),
        };
        let uri = format!("/_matrix/client/v3{path}");
        let answer = self
            .request(method, &uri, token, body, long_poll, ANSWER_MAX)
            .await?;
        serde_json::from_slice(&answer).map_err(|err| {
            CallError::Link(LinkError::new(format!(
                "the homeserver's answer to {path} is not what Matrix says: {err}"
            )))
        })
    }

    /// The bytes of the media `mxc://server/id`, at most `max` of them. Authenticated media
    /// first (Synapse serves new uploads only so since 1.120), then the older open endpoint for
    /// homeservers that do not know it.
    pub async fn download(
        &self,
        mxc: &str,
        token: &Secret,
        max: usize,
    ) -> Result<Bytes, CallError> {
        let Some((server, id)) = mxc
            .strip_prefix("mxc://")
            .and_then(|rest| rest.split_once('/'))
        else {
            return Err(LinkError::new(format!("`{mxc}` is not a Matrix media URL")).into());
        };
        let path = format!("download/{}/{}", segment(server), segment(id));
        let authenticated = format!("/_matrix/client/v1/media/{path}");
        match self
            .request(
                Method::GET,
                &authenticated,
                Some(token),
                Bytes::new(),
                Duration::ZERO,
                max,
            )
            .await
        {
            Err(CallError::Refused {
                status: 404,
                errcode,
                ..
            }) if errcode == "M_UNRECOGNIZED" => {
                let open = format!("/_matrix/media/v3/{path}");
                self.request(
                    Method::GET,
                    &open,
                    Some(token),
                    Bytes::new(),
                    Duration::ZERO,
                    max,
                )
                .await
            }
            answer => answer,
        }
    }

    /// Sends a request to `uri` and returns the body of a success (at most `max` bytes),
    /// waiting out rate limits.
    async fn request(
        &self,
        method: Method,
        uri: &str,
        token: Option<&Secret>,
        body: Bytes,
        long_poll: Duration,
        max: usize,
    ) -> Result<Bytes, CallError> {
        loop {
            let answer = timeout(
                long_poll + ANSWER_WITHIN,
                self.call_once(method.clone(), uri, token, body.clone(), max),
            )
            .await
            .map_err(|_| LinkError::new("no answer from the homeserver"))??;
            let (status, bytes) = answer;
            if (200..300).contains(&status) {
                return Ok(bytes);
            }
            let refused: ErrorBody = serde_json::from_slice(&bytes).unwrap_or_default();
            if status == 429 || refused.errcode == "M_LIMIT_EXCEEDED" {
                let wait = Duration::from_millis(refused.retry_after_ms.unwrap_or(1000));
                if wait > LONGEST_RATE_LIMIT {
                    return Err(LinkError::new("the homeserver asks to wait too long").into());
                }
                tracing::info!(
                    wait_ms = wait.as_millis() as u64,
                    "homeserver rate limit: waiting"
                );
                tokio::time::sleep(wait).await;
                continue;
            }
            return Err(CallError::Refused {
                status,
                errcode: refused.errcode,
                error: refused.error,
            });
        }
    }

    async fn call_once(
        &self,
        method: Method,
        uri: &str,
        token: Option<&Secret>,
        body: Bytes,
        max: usize,
    ) -> Result<(u16, Bytes), LinkError> {
        let tcp = TcpStream::connect((self.host.as_str(), self.port)).await?;
        tcp.set_nodelay(true)?;
        let mut request = Request::builder()
            .method(method)
            .uri(uri)
            .header(header::HOST, self.authority())
            .header(header::USER_AGENT, "brisk-bridge")
            .header(header::ACCEPT, "application/json");
        if !body.is_empty() {
            request = request.header(header::CONTENT_TYPE, "application/json");
        }
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {}", token.expose()));
        }
        let request = request
            .body(Full::new(body))
            .map_err(|err| LinkError::new(format!("request: {err}")))?;
        let response = if self.tls {
            let name = rustls::pki_types::ServerName::try_from(self.host.clone())
                .map_err(|_| LinkError::new("the host is not a valid TLS server name"))?;
            let stream = tls_connector()?.connect(name, tcp).await?;
            send(TokioIo::new(stream), request, max).await?
        } else {
            send(TokioIo::new(tcp), request, max).await?
        };
        Ok(response)
    }
}

async fn send<S>(
    io: TokioIo<S>,
    request: Request<Full<Bytes>>,
    max: usize,
) -> Result<(u16, Bytes), LinkError>
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let http = |err: hyper::Error| LinkError::new(format!("HTTP: {err}"));
    let (mut sender, connection) = hyper::client::conn::http1::handshake(io)
        .await
        .map_err(http)?;
    tokio::spawn(connection);
    let response = sender.send_request(request).await.map_err(http)?;
    let status = response.status().as_u16();
    let limited = http_body_util::Limited::new(response.into_body(), max);
    let bytes = limited
        .collect()
        .await
        .map_err(|err| LinkError::new(format!("HTTP: {err}")))?
        .to_bytes();
    Ok((status, bytes))
}

/// A path segment (a room id or alias, a user id, a transaction id) percent-encoded.
pub fn segment(raw: &str) -> String {
    let mut encoded = String::with_capacity(raw.len());
    for byte in raw.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_name_scheme_host_and_port() {
        let local = Homeserver::parse("http://127.0.0.1:8008/").expect("valid");
        assert_eq!(
            (local.tls, local.authority()),
            (false, "127.0.0.1:8008".into())
        );
        let public = Homeserver::parse("https://matrix.org").expect("valid");
        assert_eq!(
            (public.tls, public.authority()),
            (true, "matrix.org:443".into())
        );
        for bad in [
            "matrix.org",
            "http://h:0",
            "https://h/_matrix",
            "http://:8008",
        ] {
            assert!(Homeserver::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn segments_keep_ids_in_one_piece() {
        assert_eq!(segment("#oxbow:localhost"), "%23oxbow%3Alocalhost");
        assert_eq!(segment("!a/b?c"), "%21a%2Fb%3Fc");
    }
}

//! What the benchmark clients (`load`, `soak`) share: calling the API as someone, making accounts,
//! opening signed-in sockets, and reading figures.

use std::time::Duration;

use futures_util::SinkExt;
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::Message;

pub type Error = Box<dyn std::error::Error + Send + Sync>;

pub type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

pub struct Client {
    pub http: reqwest::Client,
    pub base: String,
}

impl Client {
    pub fn new(base: &str) -> Result<Self, Error> {
        Ok(Self {
            http: reqwest::Client::builder()
                .pool_max_idle_per_host(64)
                .build()?,
            base: base.trim_end_matches('/').to_string(),
        })
    }

    /// Calls `/api/v4{path}` and expects success: the body and the `Token` header, if any.
    pub async fn call(
        &self,
        token: Option<&str>,
        method: reqwest::Method,
        path: &str,
        body: Value,
    ) -> Result<(Value, Option<String>), Error> {
        let mut request = self
            .http
            .request(method, format!("{}/api/v4{path}", self.base))
            .json(&body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await?;
        let status = response.status();
        let token = response
            .headers()
            .get("Token")
            .and_then(|t| t.to_str().ok())
            .map(str::to_string);
        let body: Value = response.json().await.unwrap_or(Value::Null);
        if !status.is_success() {
            return Err(format!("{path}: {status} {body}").into());
        }
        Ok((body, token))
    }

    /// Creates an account (by the admin, or the first one without) and logs it in: (id, token).
    pub async fn user(&self, admin: Option<&str>, name: &str) -> Result<(String, String), Error> {
        let password = format!("pw-{name}-bench");
        let (user, _) = self
            .call(admin, reqwest::Method::POST, "/users", json!({"username": name, "email": format!("{name}@example.org"), "password": password}))
            .await?;
        let (_, token) = self
            .call(
                None,
                reqwest::Method::POST,
                "/users/login",
                json!({"login_id": name, "password": password}),
            )
            .await?;
        Ok((
            user["id"].as_str().unwrap_or_default().to_string(),
            token.ok_or("no Token header")?,
        ))
    }

    /// Puts a person on the team (by the admin) and in the channels (joining them with their own
    /// token).
    pub async fn join(
        &self,
        admin: &str,
        (user_id, token): (&str, &str),
        team_id: &str,
        channel_ids: &[&str],
    ) -> Result<(), Error> {
        self.call(
            Some(admin),
            reqwest::Method::POST,
            &format!("/teams/{team_id}/members"),
            json!({"team_id": team_id, "user_id": user_id}),
        )
        .await?;
        for channel_id in channel_ids {
            self.call(
                Some(token),
                reqwest::Method::POST,
                &format!("/channels/{channel_id}/members"),
                json!({"user_id": user_id}),
            )
            .await?;
        }
        Ok(())
    }

    /// A socket signed in as `token`: a new connection, or the resumption of `(connection_id,
    /// next sequence number)`.
    pub async fn socket(&self, token: &str, resume: Option<(&str, i64)>) -> Result<Socket, Error> {
        let mut url = format!("{}/api/v4/websocket", self.base.replacen("http", "ws", 1));
        if let Some((connection_id, next_seq)) = resume {
            url.push_str(&format!(
                "?connection_id={connection_id}&sequence_number={next_seq}"
            ));
        }
        let (mut socket, _) = tokio_tungstenite::connect_async(url).await?;
        let challenge =
            json!({"seq": 1, "action": "authentication_challenge", "data": {"token": token}});
        socket.send(Message::text(challenge.to_string())).await?;
        Ok(socket)
    }
}

/// The post id of a `posted` event, found without decoding the whole event: at thousands of
/// sockets the load generator must not be the bottleneck it measures.
pub fn posted_id(text: &str) -> Option<String> {
    if !text.contains("\"event\":\"posted\"") {
        return None;
    }
    let start = text.find("\\\"id\\\":\\\"")? + 9;
    text.get(start..start + 26).map(str::to_string)
}

pub fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// The `p` quantile (0..=1) of sorted figures, or zero for none.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted
        .get(((sorted.len() as f64 * p) as usize).min(sorted.len().saturating_sub(1)))
        .copied()
        .unwrap_or_default()
}

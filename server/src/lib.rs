//! brisk-server: the bundled Mattermost-compatible server. It speaks the subset of Mattermost's
//! API v4 and WebSocket protocol the brisk client uses, stores everything in SQLite, and serves the
//! built client from the same origin.

pub mod access;
pub mod avatars;
pub mod bridge;
pub mod bulk_export;
pub mod cleanup;
pub mod commands;
pub mod connections;
pub mod db;
pub mod demo;
pub mod error;
pub mod events;
pub mod file_store;
pub mod http;
pub mod ids;
pub mod images;
pub mod imports;
pub mod link_previews;
pub mod login_throttle;
pub mod membership;
pub mod permalinks;
pub mod rate_limit;
pub mod search_terms;
pub mod security_headers;
pub mod settings;
pub mod slack_import;
pub mod static_files;
pub mod system_posts;
pub mod ws;

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::Router;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::timeout::RequestBodyTimeoutLayer;

use crate::bridge::{BridgesConfig, Wakers};
use crate::connections::Timeouts;
use crate::db::Db;
use crate::error::ApiError;
use crate::events::Outbox;
use crate::file_store::FileStore;
use crate::imports::Imports;
use crate::link_previews::LinkPreviews;
use crate::login_throttle::LoginThrottle;
use crate::rate_limit::{RateLimit, RateLimiter};
use crate::settings::{LiveSettings, Settings};
use crate::ws::hub::{Hub, SocketLimits};

/// The Mattermost version this server answers as (clients gate features on it).
pub const SERVER_VERSION: &str = "10.5.0";

/// Everything the server needs to start.
#[derive(Clone, Debug)]
pub struct Config {
    pub host: String,
    /// 0 picks a free port.
    pub port: u16,
    /// Holds `brisk.db`.
    pub data_dir: PathBuf,
    /// The built client; None (or a missing directory) serves the API only.
    pub static_dir: Option<PathBuf>,
    /// Seed the demo community into an empty database.
    pub demo: bool,
    /// Largest file `POST /files` accepts, in bytes (Mattermost's `MaxFileSize`).
    pub max_file_size: u64,
    /// Per-session request rate.
    pub rate_limit: RateLimit,
    /// Whether the server fetches OpenGraph previews of linked pages.
    pub link_previews: LinkPreviews,
    /// Channels mirrored with rooms on other chat networks (`--bridges <file>`).
    pub bridges: BridgesConfig,
    /// How many WebSockets may be open, per user and in all.
    pub socket_limits: SocketLimits,
    /// How long a client may take to send a request and wait for its answer.
    pub timeouts: Timeouts,
    /// Largest file the System console may upload for an import, in bytes.
    pub max_import_size: u64,
}

/// Mattermost's default `FileSettings.MaxFileSize`: 50 MB.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 50 * 1024 * 1024;

impl Default for Config {
    fn default() -> Self {
        Self {
            host: "127.0.0.1".into(),
            port: 8065,
            data_dir: PathBuf::from("./data"),
            static_dir: Some(PathBuf::from("./dist")),
            demo: true,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            rate_limit: RateLimit::default(),
            link_previews: LinkPreviews::default(),
            bridges: BridgesConfig::default(),
            socket_limits: SocketLimits::default(),
            timeouts: Timeouts::default(),
            max_import_size: imports::DEFAULT_MAX_IMPORT_SIZE,
        }
    }
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Shared by every handler.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub hub: Arc<Hub>,
    /// Uploaded files on disk.
    pub files: FileStore,
    pub max_file_size: u64,
    pub rate_limiter: Arc<RateLimiter>,
    pub login_throttle: Arc<LoginThrottle>,
    /// What the System console changes while the server runs.
    pub settings: Arc<LiveSettings>,
    /// Link previews as started (whether private addresses may be fetched); the settings say
    /// whether they are on.
    start_link_previews: LinkPreviews,
    /// Wakes the chat bridges when their channels get a post.
    pub bridges: Arc<Wakers>,
    /// Uploads and jobs of imports started from the System console.
    pub imports: Arc<Imports>,
    static_dir: Option<PathBuf>,
    timeouts: Timeouts,
}

impl AppState {
    /// Opens the database (migrating, seeding the demo if asked) and fills the hub's routing cache.
    pub fn new(config: &Config) -> Result<Self, BoxError> {
        let db = Db::open(&config.data_dir)?;
        if config.demo {
            demo::seed_if_empty(&db)
                .map_err(|err| format!("demo seed: {} (the log above says why)", err.message))?;
        }
        db.write_now(|tx| db::sessions::delete_expired(tx, ids::now_ms()))
            .map_err(|err| format!("clean sessions: {}", err.message))?;
        let hub = Arc::new(Hub::new(SERVER_VERSION).with_limits(config.socket_limits));
        let memberships = db
            .read_now(db::channels::all_memberships)
            .map_err(|err| format!("load memberships: {}", err.message))?;
        hub.add_channel_members(memberships);
        let static_dir = config
            .static_dir
            .clone()
            .filter(|dir| dir.join("index.html").is_file());
        let files = FileStore::open(&config.data_dir)?;
        let settings = LiveSettings::load(
            &db,
            Settings::from_start(config.link_previews, config.rate_limit),
        )
        .map_err(|err| format!("load settings: {}", err.message))?;
        let rate_limit = settings.get().rate_limit();
        Ok(Self {
            db,
            hub,
            files,
            max_file_size: config.max_file_size,
            rate_limiter: Arc::new(RateLimiter::new(rate_limit)),
            login_throttle: Arc::new(LoginThrottle::default()),
            settings: Arc::new(settings),
            start_link_previews: config.link_previews,
            bridges: Arc::default(),
            imports: Arc::new(Imports::open(&config.data_dir, config.max_import_size)?),
            static_dir,
            timeouts: config.timeouts,
        })
    }

    /// Which pages the server fetches previews of, as the settings now say.
    pub fn link_previews(&self) -> LinkPreviews {
        match (self.settings.get().link_previews, self.start_link_previews) {
            (false, _) => LinkPreviews::Off,
            (true, LinkPreviews::AllowPrivate) => LinkPreviews::AllowPrivate,
            (true, _) => LinkPreviews::Public,
        }
    }

    /// Saves `settings` and puts them in effect at once.
    pub async fn apply_settings(&self, settings: Settings) -> Result<(), ApiError> {
        let rate_limit = settings.rate_limit();
        self.settings.save(&self.db, settings).await?;
        self.rate_limiter.set_limit(rate_limit);
        Ok(())
    }

    /// Adds every channel membership to the hub's cache again, after a write that added members
    /// without an outbox (an import).
    pub async fn reload_memberships(&self) -> Result<(), ApiError> {
        let memberships = self.db.read(db::channels::all_memberships).await?;
        self.hub.add_channel_members(memberships);
        Ok(())
    }

    /// Applies what a committed write left to do: membership cache first, then the events.
    pub fn publish(&self, outbox: Outbox) {
        for (channel_id, user_id) in &outbox.joined {
            self.hub.add_channel_member(channel_id, user_id);
        }
        for (channel_id, user_id) in &outbox.left {
            self.hub.remove_channel_member(channel_id, user_id);
        }
        for event in &outbox.events {
            self.bridges.notice(event);
            self.hub.publish(event);
        }
    }
}

/// The whole HTTP surface: `/api/v4`, the WebSocket, and the client.
pub fn app(state: AppState) -> Router {
    let api = http::routes()
        .layer(DefaultBodyLimit::max(http::json::MAX_JSON_BODY))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            rate_limit::limit,
        ));
    let mut router = Router::new()
        .nest("/api/v4", api)
        // Other /api paths are never the client's: answer them as the API would.
        .route(
            "/api",
            axum::routing::any(|| async { ApiError::route_not_found() }),
        )
        .route(
            "/api/{*rest}",
            axum::routing::any(|| async { ApiError::route_not_found() }),
        );
    router = match &state.static_dir {
        Some(dir) => router.merge(static_files::routes(dir)),
        None => router.fallback(|| async { ApiError::route_not_found() }),
    };
    // Brotli's default (quality 11) costs about a second per megabyte on every request; quality 5
    // keeps dynamic compression cheap. Assets shipped with .br/.gz twins are served as they are.
    let timeouts = state.timeouts;
    router
        .layer(CompressionLayer::new().quality(CompressionLevel::Precise(5)))
        .layer(axum::middleware::from_fn(security_headers::add))
        .layer(axum::middleware::from_fn_with_state(
            timeouts.request,
            connections::deadline,
        ))
        .layer(RequestBodyTimeoutLayer::new(timeouts.body_idle))
        .with_state(state)
}

/// Runs the server until SIGTERM or Ctrl-C. Prints `brisk listening on http://HOST:PORT` once
/// listening: the test runner waits for that line.
pub async fn run(config: Config) -> Result<(), BoxError> {
    let state = AppState::new(&config)?;
    let hub = state.hub.clone();
    let listener = tokio::net::TcpListener::bind((config.host.as_str(), config.port)).await?;
    let address: SocketAddr = listener.local_addr()?;
    let site_url = config
        .bridges
        .site_url
        .clone()
        .unwrap_or_else(|| format!("http://{}:{}", config.host, address.port()));
    bridge::start(&state, &config.bridges, &site_url)?;
    {
        let mut stdout = std::io::stdout().lock();
        writeln!(
            stdout,
            "brisk listening on http://{}:{}",
            config.host,
            address.port()
        )?;
        stdout.flush()?;
    }
    let sweeper = tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(30));
        loop {
            tick.tick().await;
            hub.sweep();
        }
    });
    let cleaner_state = state.clone();
    let cleaner = tokio::spawn(async move {
        // The first run waits a full interval: start-up already dropped expired sessions.
        let first = tokio::time::Instant::now() + cleanup::INTERVAL;
        let mut tick = tokio::time::interval_at(first, cleanup::INTERVAL);
        loop {
            tick.tick().await;
            match cleanup::run_once(&cleaner_state, ids::now_ms()).await {
                Ok(removed) => tracing::info!(?removed, "cleaned up"),
                Err(err) => tracing::warn!(error = %err.message, "clean-up failed"),
            }
        }
    });
    let header_read_timeout = config.timeouts.header_read;
    connections::serve(listener, app(state), header_read_timeout, shutdown_signal()).await;
    sweeper.abort();
    cleaner.abort();
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}

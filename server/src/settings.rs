//! The settings a system admin changes in the System console while the server runs: the site's
//! name, link previews on or off, and the per-session rate limit. They start from the command
//! line's values; once an admin saves them they are kept in the database (in Mattermost's config
//! shape, `GET /config`) and win over those at every start.

use std::sync::RwLock;

use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::db::{system_settings, Db};
use crate::error::{ApiError, ApiResult};
use crate::link_previews::LinkPreviews;
use crate::rate_limit::RateLimit;

/// Mattermost's `SiteNameMaxLength`.
pub const SITE_NAME_MAX: usize = 30;
/// Bounds of the rate limit an admin may set (requests per second, burst).
const PER_SECOND_MAX: u32 = 10_000;
const BURST_MAX: u32 = 100_000;
/// The name of the database row that holds the saved settings.
const STORED: &str = "config";
/// The site's name until an admin chooses one.
pub const DEFAULT_SITE_NAME: &str = "brisk";

/// The settings in effect.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    pub site_name: String,
    pub link_previews: bool,
    pub rate_limit_enabled: bool,
    pub per_second: u32,
    pub burst: u32,
}

impl Settings {
    /// The values the server was started with.
    pub fn from_start(link_previews: LinkPreviews, rate_limit: RateLimit) -> Self {
        let default = RateLimit::default();
        Self {
            site_name: DEFAULT_SITE_NAME.into(),
            link_previews: link_previews != LinkPreviews::Off,
            rate_limit_enabled: rate_limit.per_second > 0.0,
            per_second: match rate_limit.per_second {
                rate if rate >= 1.0 => rate as u32,
                _ => default.per_second as u32,
            },
            burst: rate_limit.burst.max(1),
        }
    }

    /// The rate limit these settings ask for (0 per second is off).
    pub fn rate_limit(&self) -> RateLimit {
        RateLimit {
            per_second: if self.rate_limit_enabled {
                f64::from(self.per_second)
            } else {
                0.0
            },
            burst: self.burst,
        }
    }

    /// Mattermost's config shape, with the fields this server has.
    pub fn to_config(&self) -> Value {
        json!({
            "TeamSettings": { "SiteName": self.site_name },
            "ServiceSettings": { "EnableLinkPreviews": self.link_previews },
            "RateLimitSettings": {
                "Enable": self.rate_limit_enabled,
                "PerSec": self.per_second,
                "MaxBurst": self.burst,
            },
        })
    }

    /// These settings with `patch` (Mattermost's config shape, any subset) applied, or why not.
    /// Fields this server does not have are ignored.
    pub fn patched(&self, patch: &Value) -> ApiResult<Self> {
        let patch: ConfigPatch =
            serde_json::from_value(patch.clone()).map_err(|_| ApiError::invalid_body("config"))?;
        let mut next = self.clone();
        if let Some(name) = patch.team_settings.site_name {
            let name = name.trim();
            if name.is_empty() || name.chars().count() > SITE_NAME_MAX {
                return Err(invalid(
                    "model.config.is_valid.sitename_length.app_error",
                    format!("Site name must be 1 to {SITE_NAME_MAX} characters."),
                ));
            }
            next.site_name = name.to_string();
        }
        if let Some(on) = patch.service_settings.enable_link_previews {
            next.link_previews = on;
        }
        let rate = patch.rate_limit_settings;
        if let Some(on) = rate.enable {
            next.rate_limit_enabled = on;
        }
        if let Some(per_second) = rate.per_sec {
            if !(1..=PER_SECOND_MAX).contains(&per_second) {
                return Err(invalid(
                    "model.config.is_valid.rate_sec.app_error",
                    format!("Requests per second must be 1 to {PER_SECOND_MAX}."),
                ));
            }
            next.per_second = per_second;
        }
        if let Some(burst) = rate.max_burst {
            if !(1..=BURST_MAX).contains(&burst) {
                return Err(invalid(
                    "model.config.is_valid.max_burst.app_error",
                    format!("Maximum burst size must be 1 to {BURST_MAX}."),
                ));
            }
            next.burst = burst;
        }
        Ok(next)
    }
}

fn invalid(id: &'static str, message: String) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, id, message)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ConfigPatch {
    #[serde(rename = "TeamSettings")]
    team_settings: TeamSettingsPatch,
    #[serde(rename = "ServiceSettings")]
    service_settings: ServiceSettingsPatch,
    #[serde(rename = "RateLimitSettings")]
    rate_limit_settings: RateLimitPatch,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct TeamSettingsPatch {
    #[serde(rename = "SiteName")]
    site_name: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ServiceSettingsPatch {
    #[serde(rename = "EnableLinkPreviews")]
    enable_link_previews: Option<bool>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RateLimitPatch {
    #[serde(rename = "Enable")]
    enable: Option<bool>,
    #[serde(rename = "PerSec")]
    per_sec: Option<u32>,
    #[serde(rename = "MaxBurst")]
    max_burst: Option<u32>,
}

/// The settings in effect, shared by every request.
pub struct LiveSettings(RwLock<Settings>);

impl LiveSettings {
    /// The start-up values with what an admin saved in `db` applied (a saved value the rules now
    /// refuse is left out, and the start-up value holds).
    pub fn load(db: &Db, start: Settings) -> ApiResult<Self> {
        let saved = db.read_now(|conn| system_settings::get(conn, STORED))?;
        let settings = match saved {
            Some(saved) => start.patched(&saved).unwrap_or(start),
            None => start,
        };
        Ok(Self(RwLock::new(settings)))
    }

    pub fn get(&self) -> Settings {
        self.0
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// Saves `settings` in the database, then puts them in effect.
    pub async fn save(&self, db: &Db, settings: Settings) -> ApiResult<()> {
        let stored = settings.to_config();
        db.write(move |tx| system_settings::put(tx, STORED, &stored))
            .await?;
        *self
            .0
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = settings;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_patch_changes_only_what_it_names_and_refuses_what_is_out_of_bounds() {
        let start = Settings::from_start(LinkPreviews::Public, RateLimit::default());
        assert_eq!(start.rate_limit(), RateLimit::default());
        let renamed = start
            .patched(&json!({"TeamSettings": {"SiteName": " Oxbow "}, "SqlSettings": {}}))
            .expect("patched");
        assert_eq!(renamed.site_name, "Oxbow");
        assert_eq!(
            renamed.to_config()["RateLimitSettings"],
            start.to_config()["RateLimitSettings"]
        );
        let off = start
            .patched(&json!({"RateLimitSettings": {"Enable": false}, "ServiceSettings": {"EnableLinkPreviews": false}}))
            .expect("patched");
        assert_eq!(off.rate_limit().per_second, 0.0);
        assert!(!off.link_previews);
        for refused in [
            json!({"TeamSettings": {"SiteName": ""}}),
            json!({"TeamSettings": {"SiteName": "x".repeat(SITE_NAME_MAX + 1)}}),
            json!({"RateLimitSettings": {"PerSec": 0}}),
            json!({"RateLimitSettings": {"MaxBurst": BURST_MAX + 1}}),
            json!({"RateLimitSettings": {"PerSec": "fast"}}),
        ] {
            assert!(start.patched(&refused).is_err(), "{refused}");
        }
    }

    #[test]
    fn a_server_started_without_a_rate_limit_keeps_a_rate_to_turn_on() {
        let start = Settings::from_start(
            LinkPreviews::Off,
            RateLimit {
                per_second: 0.0,
                burst: 100,
            },
        );
        assert!(!start.rate_limit_enabled && !start.link_previews);
        assert_eq!(start.per_second, 20);
    }
}

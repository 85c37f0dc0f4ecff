//! What the server's client config (`GET /config/client?format=old`) tells this client.

use std::collections::HashMap;

/// Read once per page load. It is the server's, not the session's, so a logout keeps it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServerConfig {
    /// `SiteName`: the login page's heading.
    pub site_name: Option<String>,
    /// `MaxFileSize`, in bytes.
    pub max_file_size: Option<i64>,
    /// `EnableUserTypingMessages` is "false": nobody's typing is sent or shown.
    pub typing_messages_off: bool,
}

impl ServerConfig {
    /// From the config's text values, as the server sends them.
    pub fn from_client_config(config: &HashMap<String, String>) -> Self {
        ServerConfig {
            site_name: config
                .get("SiteName")
                .filter(|name| !name.is_empty())
                .cloned(),
            max_file_size: config.get("MaxFileSize").and_then(|v| v.parse().ok()),
            typing_messages_off: config
                .get("EnableUserTypingMessages")
                .is_some_and(|v| v == "false"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_values_this_client_uses() {
        let config: HashMap<String, String> = [
            ("SiteName", "Oxbow"),
            ("MaxFileSize", "52428800"),
            ("EnableUserTypingMessages", "false"),
            ("Version", "11.1.0"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        assert_eq!(
            ServerConfig::from_client_config(&config),
            ServerConfig {
                site_name: Some("Oxbow".into()),
                max_file_size: Some(52_428_800),
                typing_messages_off: true,
            }
        );
        let unset = ServerConfig::from_client_config(&HashMap::from([(
            "MaxFileSize".to_string(),
            "lots".to_string(),
        )]));
        assert_eq!(unset, ServerConfig::default());
    }
}

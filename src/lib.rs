//! brisk: a fast Mattermost web client.

pub mod markdown;
pub mod store;

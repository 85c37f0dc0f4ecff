//! brisk: a fast Mattermost web client.

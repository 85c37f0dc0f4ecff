//! `GET /config/client?format=old`: the flat string map Mattermost's apps shape their UI with. It
//! carries every key Mattermost's `GenerateClientConfig` sends (apps read a missing key as "off"
//! or, worse, as undefined), each saying what this server really does: a feature it lacks is
//! "false" so no app offers it.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::response::Response;

use crate::http::json::ok;
use crate::{AppState, SERVER_VERSION};

/// Features this server does not have, all "false".
const ABSENT: &[&str] = &[
    "AllowBannerDismissal",
    "AllowPersistentNotifications",
    "AllowPersistentNotificationsForGuests",
    "AllowSyncedDrafts",
    "BuildEnterpriseReady",
    "CWSMock",
    "DataRetentionEnableBoardsDeletion",
    "DataRetentionEnableFileDeletion",
    "DataRetentionEnableMessageDeletion",
    "DelayChannelAutocomplete",
    "DiagnosticsEnabled",
    "DisableRefetchingOnBrowserFocus",
    "EnableAskCommunityLink",
    "EnableBanner",
    "EnableBotAccountCreation",
    "EnableClientPerformanceDebugging",
    "EnableCluster",
    "EnableCommands",
    "EnableCompliance",
    "EnableComplianceExport",
    // The confirmation asks the channel's timezones, which this server does not keep.
    "EnableConfirmNotificationsToChannel",
    "EnableCustomBrand",
    "EnableCustomEmoji",
    "EnableCustomGroups",
    "EnableCustomUserStatuses",
    "EnableDeveloper",
    "EnableDiagnostics",
    "EnableEmailBatching",
    "EnableEmailInvitations",
    "EnableFile",
    "EnableGifPicker",
    "EnableGuestAccounts",
    "EnableIncomingWebhooks",
    "EnableInlineLatex",
    "EnableLastActiveTime",
    "EnableLatex",
    "EnableLdap",
    "EnableMarketplace",
    "EnableMetrics",
    "EnableMultifactorAuthentication",
    "EnableOAuthServiceProvider",
    "EnableOnboardingFlow",
    "EnableOpenServer",
    "EnableOutgoingWebhooks",
    "EnablePostIconOverride",
    "EnablePostUsernameOverride",
    "EnablePreviewFeatures",
    "EnablePreviewModeBanner",
    "EnablePublicLink",
    "EnableSaml",
    "EnableSignUpWithGitLab",
    "EnableSignUpWithGoogle",
    "EnableSignUpWithOffice365",
    "EnableSignUpWithOpenId",
    "EnableSVGs",
    "EnableTesting",
    "EnableTutorial",
    "EnableUserAccessTokens",
    "EnableUserDeactivation",
    "EnforceMultifactorAuthentication",
    "ExperimentalEnableAutomaticReplies",
    "ExperimentalSharedChannels",
    "ExtendSessionLengthWithActivity",
    "GuestAccountsEnforceMultifactorAuthentication",
    "HasImageProxy",
    "InsightsEnabled",
    "IsDefaultMarketplace",
    "LdapFirstNameAttributeSet",
    "LdapLastNameAttributeSet",
    "LdapNicknameAttributeSet",
    "LdapPictureAttributeSet",
    "LdapPositionAttributeSet",
    "LockTeammateNameDisplay",
    "PasswordRequireLowercase",
    "PasswordRequireNumber",
    "PasswordRequireSymbol",
    "PasswordRequireUppercase",
    "PluginsEnabled",
    "PostPriority",
    "RequireEmailVerification",
    "RunJobs",
    "SamlFirstNameAttributeSet",
    "SamlLastNameAttributeSet",
    "SamlNicknameAttributeSet",
    "SamlPositionAttributeSet",
    "SendEmailNotifications",
    "SendPushNotifications",
];

/// Features this server has, all "true".
const PRESENT: &[&str] = &[
    "AllowCustomThemes",
    "EnableChannelViewedMessages",
    "EnableEmojiPicker",
    "EnableFileAttachments",
    "EnableMobileFileDownload",
    "EnableMobileFileUpload",
    "EnablePermalinkPreviews",
    "EnableReliableWebSockets",
    "EnableSignInWithEmail",
    "EnableSignInWithUsername",
    "EnableSignUpWithEmail",
    "EnableThemeSelection",
    "EnableUserCreation",
    "EnableUserTypingMessages",
    "ExperimentalEnableAuthenticationTransfer",
    "ExperimentalEnableDefaultChannelLeaveJoinMessages",
    "ExperimentalEnablePostMetadata",
    "ExperimentalTimezone",
    "ExperimentalViewArchivedChannels",
    "ShowEmailAddress",
    "ShowFullName",
    // No plugins, so no app bar to show.
    "DisableAppBar",
];

/// Keys with no value here: links, colours, texts and ids of things this server does not have.
const EMPTY: &[&str] = &[
    "AboutLink",
    "AllowedThemes",
    "AndroidAppDownloadLink",
    "AndroidLatestVersion",
    "AndroidMinVersion",
    "AppDownloadLink",
    "BannerColor",
    "BannerText",
    "BannerTextColor",
    "BuildDate",
    "CWSURL",
    "CustomBrandText",
    "CustomDescriptionText",
    "CustomUrlSchemes",
    "DefaultTheme",
    "DiagnosticId",
    "EmailLoginButtonBorderColor",
    "EmailLoginButtonColor",
    "EmailLoginButtonTextColor",
    "ExperimentalPrimaryTeam",
    "FileLevel",
    "ForgotPasswordLink",
    "GfycatApiKey",
    "GfycatApiSecret",
    "GitLabButtonColor",
    "GitLabButtonText",
    "GoogleDeveloperKey",
    "HelpLink",
    "IosAppDownloadLink",
    "IosLatestVersion",
    "IosMinVersion",
    "LdapLoginButtonBorderColor",
    "LdapLoginButtonColor",
    "LdapLoginButtonTextColor",
    "LdapLoginFieldName",
    "ManagedResourcePaths",
    "OpenIdButtonColor",
    "OpenIdButtonText",
    "PrivacyPolicyLink",
    "ReportAProblemLink",
    "SamlLoginButtonBorderColor",
    "SamlLoginButtonColor",
    "SamlLoginButtonText",
    "SamlLoginButtonTextColor",
    "SiteURL",
    "SupportEmail",
    "TelemetryId",
    "TermsOfServiceLink",
    "WebsocketURL",
];

/// Mattermost's `MaxNotificationsPerChannel` default: apps stop sending typing events above it.
const MAX_NOTIFICATIONS_PER_CHANNEL: &str = "1000";
/// How often apps may repeat a typing event, Mattermost's default.
const TYPING_INTERVAL_MS: &str = "5000";

/// The whole map, as strings.
fn client_config(state: &AppState) -> BTreeMap<&'static str, String> {
    let mut config: BTreeMap<&'static str, String> = BTreeMap::new();
    for (keys, value) in [(ABSENT, "false"), (PRESENT, "true"), (EMPTY, "")] {
        for key in keys {
            config.insert(key, value.to_string());
        }
    }
    let settings = state.settings.get();
    for (key, value) in [
        ("Version", SERVER_VERSION.to_string()),
        ("BuildNumber", "brisk".into()),
        ("BuildHash", "brisk".into()),
        ("BuildHashEnterprise", "none".into()),
        ("ServiceEnvironment", "production".into()),
        ("SiteName", settings.site_name),
        ("WebsocketPort", "80".into()),
        ("WebsocketSecurePort", "443".into()),
        ("EnableLinkPreviews", settings.link_previews.to_string()),
        ("MaxFileSize", state.max_file_size.to_string()),
        (
            "MaxPostSize",
            brisk_model::POST_MESSAGE_MAX_RUNES.to_string(),
        ),
        (
            "MaxNotificationsPerChannel",
            MAX_NOTIFICATIONS_PER_CHANNEL.into(),
        ),
        (
            "TimeBetweenUserTypingUpdatesMilliseconds",
            TYPING_INTERVAL_MS.into(),
        ),
        (
            "PasswordMinimumLength",
            brisk_model::rules::PASSWORD_MIN.to_string(),
        ),
        ("PostEditTimeLimit", "-1".into()),
        ("MinimumHashtagLength", "3".into()),
        ("CollapsedThreads", "disabled".into()),
        ("ExperimentalGroupUnreadChannels", "disabled".into()),
        ("RestrictDirectMessage", "any".into()),
        ("TeammateNameDisplay", "username".into()),
        ("EmailNotificationContentsType", "full".into()),
        ("DefaultClientLocale", "en".into()),
        ("AvailableLocales", "en".into()),
        ("SQLDriverName", "sqlite".into()),
        ("DataRetentionMessageRetentionDays", "0".into()),
        ("DataRetentionFileRetentionDays", "0".into()),
        ("DataRetentionBoardsRetentionDays", "0".into()),
        ("PersistentNotificationMaxCount", "6".into()),
        ("PersistentNotificationIntervalMinutes", "5".into()),
        ("PersistentNotificationMaxRecipients", "5".into()),
    ] {
        config.insert(key, value);
    }
    config
}

/// `GET /config/client?format=old`.
pub async fn get(State(state): State<AppState>) -> Response {
    ok(&client_config(&state))
}

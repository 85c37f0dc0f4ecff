//! JSON in and out, the Mattermost way: responses say `Content-Type: application/json` and nothing
//! more (Mattermost's JS client treats a charset suffix as text), and a body that does not parse is
//! a 400 AppError rather than axum's plain-text rejection.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Query, Request};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::{json_body, ApiError};

/// Largest JSON body the API accepts.
pub const MAX_JSON_BODY: usize = 1024 * 1024;

/// Serialises `value` with the given status and the exact JSON content type.
pub fn json_response<T: Serialize + ?Sized>(status: StatusCode, value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => json_body(status, body),
        Err(err) => ApiError::internal(format!("serialise response: {err}")).into_response(),
    }
}

/// 200 with a JSON body.
pub fn ok<T: Serialize + ?Sized>(value: &T) -> Response {
    json_response(StatusCode::OK, value)
}

/// 201 with a JSON body.
pub fn created<T: Serialize + ?Sized>(value: &T) -> Response {
    json_response(StatusCode::CREATED, value)
}

/// The raw request body, with a size limit that answers in AppError form.
pub struct RawBody(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for RawBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        Bytes::from_request(req, state)
            .await
            .map(RawBody)
            .map_err(|rejection| {
                let (id, message) = if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    (
                        "api.context.request_body_too_large.app_error",
                        "The request body is too large.",
                    )
                } else {
                    (
                        "api.context.invalid_body_param.app_error",
                        "The request body could not be read.",
                    )
                };
                ApiError::new(rejection.status(), id, message).detail(rejection.body_text())
            })
    }
}

impl RawBody {
    /// Parses the body as `T`; `name` is the field Mattermost names in its error ("user", "post").
    pub fn parse<T: DeserializeOwned>(&self, name: &str) -> Result<T, ApiError> {
        serde_json::from_slice(&self.0)
            .map_err(|err| ApiError::invalid_body(name).detail(err.to_string()))
    }
}

/// The query string as a map; a malformed one is a 400 AppError.
pub struct QueryMap(pub HashMap<String, String>);

impl<S: Send + Sync> FromRequestParts<S> for QueryMap {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Query::<HashMap<String, String>>::from_request_parts(parts, state)
            .await
            .map(|Query(map)| QueryMap(map))
            .map_err(|rejection| ApiError::invalid_url_param("query").detail(rejection.body_text()))
    }
}

/// A page of a list as Mattermost reads `page` (from 0) and `per_page` (60 by default, at most 200).
#[derive(Clone, Copy, Debug)]
pub struct Page {
    pub page: i64,
    pub per_page: i64,
}

impl Page {
    /// Rows to skip.
    pub fn offset(&self) -> i64 {
        self.page * self.per_page
    }
}

impl QueryMap {
    /// `page` and `per_page`; a page so far that its offset overflows is a 400.
    pub fn page(&self) -> Result<Page, ApiError> {
        let page = self.int("page", 0)?;
        let per_page = self.int("per_page", 60)?.clamp(1, 200);
        page.checked_mul(per_page)
            .ok_or_else(|| ApiError::invalid_url_param("page"))?;
        Ok(Page { page, per_page })
    }

    /// A string parameter, empty when absent.
    pub fn str(&self, name: &str) -> &str {
        self.0.get(name).map(String::as_str).unwrap_or("")
    }

    /// A non-negative integer parameter with a default; garbage is a 400 like Mattermost's.
    pub fn int(&self, name: &str, default: i64) -> Result<i64, ApiError> {
        match self.0.get(name).map(String::as_str) {
            None | Some("") => Ok(default),
            Some(raw) => raw
                .parse::<i64>()
                .ok()
                .filter(|n| *n >= 0)
                .ok_or_else(|| ApiError::invalid_url_param(name)),
        }
    }
}

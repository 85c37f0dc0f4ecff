//! The built web client: files from the static dir, every other non-API path answered with
//! index.html so client-side routes (/login, /demo/channels/dev) load the app.

use std::path::Path;

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use tower_http::services::{ServeDir, ServeFile};

use crate::AppState;

/// Serves `dir` with the SPA fallback and cache headers.
pub fn routes(dir: &Path) -> Router<AppState> {
    let index = dir.join("index.html");
    let files = ServeDir::new(dir)
        .append_index_html_on_directories(true)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(
            ServeFile::new(index)
                .precompressed_br()
                .precompressed_gzip(),
        );
    Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn(cache_control))
}

/// Fingerprinted assets never change under their name; everything else (index.html above all)
/// must be revalidated so a new release is picked up at once.
async fn cache_control(request: Request, next: Next) -> Response {
    let immutable = is_fingerprinted(request.uri().path());
    let mut response = next.run(request).await;
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let value = if immutable && !is_html {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    response
}

/// Whether the file name carries a content hash, as trunk names its output (`brisk-1a2b3c4d5e6f7a8b_bg.wasm`).
fn is_fingerprinted(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or("");
    name.split(['-', '_', '.'])
        .any(|part| part.len() >= 16 && part.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trunk_outputs_are_fingerprinted_and_pages_are_not() {
        assert!(is_fingerprinted("/brisk-9f86d081884c7d65_bg.wasm"));
        assert!(is_fingerprinted("/brisk-9f86d081884c7d65.js"));
        assert!(is_fingerprinted("/style-0123456789abcdef.css"));
        assert!(!is_fingerprinted("/index.html"));
        assert!(!is_fingerprinted("/demo/channels/dev"));
        assert!(!is_fingerprinted("/"));
    }
}

//! Headers that tell the browser what our pages may do, on every response: the app page may run
//! only our own scripts (and compile our wasm), talk only to its own origin, and never be framed
//! (clickjacking); no response is sniffed into another content type; no full URL leaks to other
//! sites in `Referer`.

use axum::extract::Request;
use axum::http::{header, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// The app's Content-Security-Policy.
/// - `script-src 'self' 'wasm-unsafe-eval'`: the client starts from a file (assets/start.js, named
///   by Trunk.toml's `pattern_script`), never an inline script, and compiles its wasm.
/// - `style-src 'unsafe-inline'`: rendered markdown tables align their cells with `style`
///   attributes (the renderer allows only `text-align` there).
/// - `img-src https: http:`: link preview images and markdown images load from their own sites,
///   as in Mattermost without an image proxy.
/// - `connect-src 'self'`: the REST API and the WebSocket are on the page's own origin.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; \
     script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self' 'unsafe-inline'; \
     img-src 'self' https: http:; \
     connect-src 'self'; \
     object-src 'none'; \
     base-uri 'none'; \
     form-action 'self'; \
     frame-ancestors 'none'";

const HEADERS: [(HeaderName, &str); 4] = [
    (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
    // For browsers that predate frame-ancestors.
    (header::X_FRAME_OPTIONS, "DENY"),
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
];

/// The middleware: adds the headers to every response that does not set its own.
pub async fn add(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    for (name, value) in HEADERS {
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    }
    response
}

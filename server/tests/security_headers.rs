//! The app page, its files and the API carry the headers that keep other sites from framing the
//! app or running script in it.

mod common;

#[tokio::test]
async fn pages_files_and_api_answers_carry_the_security_headers() {
    let dist = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dist.path().join("index.html"),
        "<!doctype html><title>brisk</title>",
    )
    .expect("index");
    std::fs::write(dist.path().join("start.js"), "export {}").expect("start.js");
    let server = common::start(false, Some(dist.path().to_path_buf())).await;

    for path in [
        "/",
        "/demo/channels/dev",
        "/start.js",
        "/api/v4/system/ping",
    ] {
        let reply = server
            .http
            .get(format!("{}{path}", server.base))
            .send()
            .await
            .expect("get");
        assert_eq!(reply.status(), 200, "{path}");
        let header = |name: &str| {
            reply
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_else(|| panic!("{path}: no {name}"))
                .to_string()
        };
        let policy = header("content-security-policy");
        let directives: Vec<&str> = policy.split(';').map(str::trim).collect();
        for wanted in [
            "script-src 'self' 'wasm-unsafe-eval'",
            "connect-src 'self'",
            "frame-ancestors 'none'",
            "object-src 'none'",
            "base-uri 'none'",
        ] {
            assert!(directives.contains(&wanted), "{path}: {wanted} in {policy}");
        }
        assert_eq!(header("x-frame-options"), "DENY", "{path}");
        assert_eq!(header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(
            header("referrer-policy"),
            "strict-origin-when-cross-origin",
            "{path}"
        );
    }
}

//! `--static` serves the built SPA and nothing else: no dotfile or dot-directory, nothing a
//! symbolic link reaches outside the folder (a file, a directory, a precompressed variant),
//! however the path is spelled.

use std::path::Path;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use otp_server::{AppState, ManualClock, Settings, Store, app};
use tower::ServiceExt;

struct Site {
    router: axum::Router,
    _dir: tempfile::TempDir,
}

fn write(path: &Path, body: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, body).unwrap();
}

/// A dist folder beside a secret folder, with everything an operator might leave there.
async fn site() -> Site {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    let outside = dir.path().join("outside");
    write(
        &dist.join("index.html"),
        "<!doctype html><title>otp</title>",
    );
    write(&dist.join("app-1.js"), "export default 1");
    write(&dist.join(".secret"), "SECRET dotfile");
    write(&dist.join(".git/config"), "SECRET git config");
    write(&dist.join("assets/.env"), "SECRET env");
    write(&outside.join("key.txt"), "SECRET outside file");
    write(&outside.join("index.html"), "SECRET outside index");
    write(&outside.join("plain.js"), "plain");
    write(&outside.join("plain.js.br"), "SECRET outside variant");
    write(&dist.join("plain.js"), "plain inside");
    let link = |target: &Path, name: &str| std::os::unix::fs::symlink(target, dist.join(name));
    link(&outside.join("key.txt"), "key.txt").unwrap();
    link(&outside, "docs").unwrap();
    link(&outside.join("plain.js.br"), "plain.js.br").unwrap();
    link(&dist.join("app-1.js"), "app.js").unwrap();
    link(&dir.path().join("nowhere"), "dangling.js").unwrap();
    std::fs::create_dir(dist.join("sub")).unwrap();
    link(&outside.join("index.html"), "sub/index.html").unwrap();
    let store = Store::open(&dir.path().join("db.sqlite3")).await.unwrap();
    let state = AppState::new(store, Arc::new(ManualClock::new(0)), Settings::default());
    Site {
        router: app(state, Some(dist)),
        _dir: dir,
    }
}

async fn get(site: &Site, path: &str, encodings: &str) -> (StatusCode, String) {
    let request = Request::get(path)
        .header(header::HOST, "127.0.0.1:8080")
        .header(header::ACCEPT_ENCODING, encodings)
        .body(Body::empty())
        .unwrap();
    let response = site.router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

#[tokio::test]
async fn dotfiles_are_never_served_however_spelled() {
    let site = site().await;
    for path in [
        "/.secret",
        "/.git/config",
        "/%2egit/config",
        "/%2Esecret",
        "/assets/.env",
        "/assets/%2eenv",
        "/assets/../.secret",
        "/assets/%2e%2e/.secret",
        "/.git/",
        "/.git",
    ] {
        let (status, body) = get(&site, path, "").await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}: {body}");
        assert!(!body.contains("SECRET"), "{path}: {body}");
    }
}

#[tokio::test]
async fn symlinks_out_of_the_folder_are_never_followed() {
    let site = site().await;
    for (path, encodings) in [
        ("/key.txt", ""),
        ("/docs/key.txt", ""),
        ("/docs/", ""),
        ("/docs", ""),
        ("/docs/plain.js", "br"),
        ("/%64ocs/key.txt", ""),
        ("/plain.js", "br"),
        ("/dangling.js", ""),
        ("/sub/", ""),
    ] {
        let (status, body) = get(&site, path, encodings).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}: {body}");
        assert!(!body.contains("SECRET"), "{path}: {body}");
    }
}

#[tokio::test]
async fn the_spa_and_links_inside_it_are_served() {
    let site = site().await;
    assert_eq!(get(&site, "/", "").await.0, StatusCode::OK);
    assert_eq!(
        get(&site, "/app-1.js", "").await,
        (StatusCode::OK, "export default 1".into())
    );
    // A link that stays inside the folder is served; a client-side route gets the page.
    assert_eq!(
        get(&site, "/app.js", "").await,
        (StatusCode::OK, "export default 1".into())
    );
    let (status, page) = get(&site, "/home", "").await;
    assert_eq!(
        (status, page.contains("<title>otp")),
        (StatusCode::OK, true)
    );
}

//! The built SPA under `--static`: its files (precompressed when the browser accepts it), the
//! SPA's page for client-side routes, and nothing else: no dotfile (`.git/`, `.env`) and
//! nothing a symbolic link reaches outside the folder, whatever the spelling of the path.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::extract::{Request, State};
use axum::handler::Handler;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use otp_api::problem::ErrorCode;
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

use crate::error::AppError;

/// The router that serves `dir`: `/` is its `index.html` (with the prerendered login screen),
/// every other client-side route its `app.html` (the same page without it; `index.html` when
/// there is no `app.html`). Files are served precompressed (`name.br`, `name.gz` beside each
/// file, written by `scripts/build-spa.sh`) when the browser accepts it.
pub fn router(dir: PathBuf) -> Router {
    let page = match dir.join("app.html") {
        app if app.is_file() => app,
        _ => dir.join("index.html"),
    };
    let index = ServeFile::new(page).precompressed_br().precompressed_gzip();
    // Canonical once: every answer's file must resolve inside it.
    let root = Arc::new(dir.canonicalize().unwrap_or_else(|_| dir.clone()));
    let files = ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(spa_route.with_state(index));
    Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn(move |request, next| {
            only_inside(root.clone(), request, next)
        }))
        .layer(middleware::from_fn(crate::headers::add_static_headers))
}

/// Refuses (404, as for a missing file) a path with a dotfile or dot-directory segment, or one
/// whose file, directory or precompressed variant resolves outside `root`.
async fn only_inside(root: Arc<PathBuf>, request: Request, next: Next) -> Response {
    let decoded = percent_encoding::percent_decode_str(request.uri().path()).decode_utf8_lossy();
    let allowed = match relative(&decoded) {
        Some(relative) => stays_inside(&root, &relative),
        None => false,
    };
    if !allowed {
        return AppError::from(ErrorCode::NotFound).into_response();
    }
    next.run(request).await
}

/// The path's segments as a relative path; `None` when a segment is hidden (starts with a dot,
/// `..` included) or is not a plain name (a backslash, a drive, a NUL).
fn relative(path: &str) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        if segment.starts_with('.') || segment.contains(['\\', '\0']) {
            return None;
        }
        match Path::new(segment).components().next() {
            Some(Component::Normal(_)) => out.push(segment),
            _ => return None,
        }
    }
    Some(out)
}

/// Whether `relative`, its precompressed variants and (a directory's) `index.html`, where they
/// exist, resolve inside `root` (a path that does not exist is the SPA's route, answered with
/// its page).
fn stays_inside(root: &Path, relative: &Path) -> bool {
    let path = root.join(relative);
    let mut candidates = vec![path.join("index.html")];
    if relative.file_name().is_some() {
        candidates.extend([
            path.with_added_extension("br"),
            path.with_added_extension("gz"),
            path,
        ]);
    }
    candidates
        .iter()
        .all(|candidate| match candidate.canonicalize() {
            Ok(real) => real.starts_with(root),
            Err(_) => candidate.symlink_metadata().is_err(),
        })
}

/// A path that is not a file: a client-side route, answered with the SPA's page. A missing file
/// (its last segment has a dot: an old release's asset, a typo) is a 404, never the HTML page
/// under an asset's name.
async fn spa_route(State(index): State<ServeFile>, request: Request) -> Response {
    let last = request.uri().path().rsplit('/').next().unwrap_or_default();
    if last.contains('.') {
        return AppError::from(ErrorCode::NotFound).into_response();
    }
    match index.oneshot(request).await {
        Ok(response) => response.into_response(),
        Err(never) => match never {},
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_and_odd_segments_are_refused() {
        for path in [
            "/.git/config",
            "/.env",
            "/assets/.secret",
            "/a/../b",
            "/..",
            "/a\\b",
            "/x\0y",
        ] {
            assert_eq!(relative(path), None, "{path}");
        }
        assert_eq!(relative("/"), Some(PathBuf::new()));
        assert_eq!(
            relative("/assets//app-1.js"),
            Some(PathBuf::from("assets/app-1.js"))
        );
        assert_eq!(relative("/home"), Some(PathBuf::from("home")));
    }
}

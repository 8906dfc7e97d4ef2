//! `initialized`: starts the workspace search for packages, and registers file watching when
//! the client offered it (the disk cache is only used while it reports changes).

use std::sync::Arc;

use tower_lsp_server::ls_types as lsp;

use crate::session::Session;

/// What the client watches for the server: WIT sources, encoded packages, `deps/` entries
/// and the project file.
fn watched_file_globs() -> Vec<lsp::FileSystemWatcher> {
    [
        "**/*.wit",
        "**/*.wasm",
        "**/*.wat",
        "**/deps",
        "**/deps/*",
        "**/wit-lsp.toml",
    ]
    .into_iter()
    .map(|glob| lsp::FileSystemWatcher {
        glob_pattern: lsp::GlobPattern::String(glob.to_string()),
        kind: None,
    })
    .collect()
}

pub async fn handle(session: &Arc<Session>, _params: lsp::InitializedParams) {
    let (roots, watching) = {
        let state = session.state();
        (state.workspace_roots.clone(), state.disk.is_enabled())
    };
    session.discover_and_analyze(roots);
    if watching {
        let registration = lsp::Registration {
            id: "wit-lsp-watched-files".to_string(),
            method: "workspace/didChangeWatchedFiles".to_string(),
            register_options: serde_json::to_value(lsp::DidChangeWatchedFilesRegistrationOptions {
                watchers: watched_file_globs(),
            })
            .ok(),
        };
        if let Err(error) = session.client.register_capability(vec![registration]).await {
            tracing::warn!("the client refused file watching: {error}");
        }
    }
}

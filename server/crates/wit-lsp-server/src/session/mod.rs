//! The [`Session`]: everything one client connection owns. The state (open documents,
//! packages, settings) behind one lock, the client handle, the publishing of diagnostics,
//! the binding previews, the runner, and the workspace search for packages. Handlers get
//! the session (notifications) or a [`RequestSnapshot`](crate::snapshot::RequestSnapshot)
//! taken from it (requests); the session never calls a handler.

mod analysis;
pub(crate) mod previews;
pub(crate) mod runs;
pub(crate) mod settings;
pub(crate) mod state;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tower_lsp_server::Client;
use tower_lsp_server::ls_types::{self as lsp, Uri};
use wit_project::{PackageRoot, discover_packages, package_root_for_file};

use crate::convert;
use crate::locks;
use crate::reader::OverlayReader;
use previews::Previews;
use runs::Runs;
use settings::Settings;
use state::State;

/// How long workspace-wide requests wait for the workspace search for packages.
pub(crate) const DISCOVERY_PATIENCE: Duration = Duration::from_secs(10);

pub struct Session {
    pub(crate) client: Client,
    state: Mutex<State>,
    /// Held while diagnostics are published, so messages leave in generation order.
    publish_lock: tokio::sync::Mutex<()>,
    /// Binding previews' shared formatting cache and its warm-ups.
    pub(crate) previews: Arc<Previews>,
    /// The runner and what runs remember between requests.
    pub(crate) runs: Arc<Runs>,
    /// Workspace searches for packages still running; workspace-wide requests wait for
    /// them so they see every package.
    discoveries: tokio::sync::watch::Sender<usize>,
}

impl Session {
    pub fn new(client: Client) -> Arc<Session> {
        Arc::new(Session {
            client,
            state: Mutex::new(State::default()),
            publish_lock: tokio::sync::Mutex::new(()),
            previews: Arc::default(),
            runs: Arc::default(),
            discoveries: tokio::sync::watch::Sender::new(0),
        })
    }

    /// The state, under the session's lock (recovered if a holder panicked).
    pub(crate) fn state(&self) -> MutexGuard<'_, State> {
        locks::lock(&self.state)
    }

    /// The package a document belongs to: its directory package, or itself when it is not
    /// a file on disk.
    pub(crate) fn package_of(uri: &Uri, path: &Path) -> PackageRoot {
        if convert::is_file_uri(uri) {
            package_root_for_file(path)
        } else {
            PackageRoot {
                path: path.to_path_buf(),
                kind: wit_analysis::PackageKind::SingleFile,
            }
        }
    }

    /// Takes `settings` into the state, and tells the user which fields were ignored.
    pub(crate) async fn apply_settings(&self, settings: Settings, problems: Vec<String>) {
        self.state().settings = settings;
        if !problems.is_empty() {
            let message = format!(
                "wit-lsp ignored invalid settings (using their defaults): {}",
                problems.join("; ")
            );
            tracing::warn!("{message}");
            self.client
                .show_message(lsp::MessageType::WARNING, message)
                .await;
        }
    }

    /// Waits (at most `limit`) until no workspace search for packages is running.
    pub(crate) async fn discovery_finished(&self, limit: Duration) {
        let mut pending = self.discoveries.subscribe();
        let finished = pending.wait_for(|running| *running == 0);
        if tokio::time::timeout(limit, finished).await.is_err() {
            tracing::warn!(
                "the workspace search for packages is still running; answering without it"
            );
        }
    }

    /// Finds the packages in `folders` and analyses each, off the protocol task.
    pub(crate) fn discover_and_analyze(self: &Arc<Self>, folders: Vec<PathBuf>) {
        let session = self.clone();
        self.discoveries.send_modify(|running| *running += 1);
        tokio::spawn(async move {
            let disk = session.state().disk.clone();
            let found = tokio::task::spawn_blocking(move || {
                let overlay = Default::default();
                let reader = OverlayReader {
                    overlay: &overlay,
                    disk: &disk,
                };
                let mut roots = Vec::new();
                for folder in folders {
                    match discover_packages(&reader, &folder) {
                        Ok(found) => roots.extend(found),
                        Err(error) => {
                            tracing::warn!("cannot search {}: {error}", folder.display())
                        }
                    }
                }
                roots
            })
            .await
            .unwrap_or_default();
            for root in found {
                session.schedule_analysis(root);
            }
            session
                .discoveries
                .send_modify(|running| *running = running.saturating_sub(1));
        });
    }

    /// Analyses every known package again (after a change of settings).
    pub(crate) fn reanalyze_all(self: &Arc<Self>) {
        let roots: Vec<PackageRoot> = self.state().packages.keys().cloned().collect();
        for root in roots {
            self.schedule_analysis(root);
        }
    }

    /// Clears what a package published and forgets it, with its caches.
    pub(crate) async fn forget_package(&self, root: &PackageRoot) {
        let _publishing = self.publish_lock.lock().await;
        let messages: Vec<(Uri, Vec<lsp::Diagnostic>)> = {
            let mut state = self.state();
            let Some(entry) = state.packages.remove(root) else {
                return;
            };
            let mut messages = Vec::new();
            for uri in entry.published_uris {
                if let Some(per_package) = state.published.get_mut(&uri) {
                    per_package.remove(root);
                    let rest: Vec<lsp::Diagnostic> =
                        per_package.values().flatten().cloned().collect();
                    if per_package.is_empty() {
                        state.published.remove(&uri);
                    }
                    messages.push((uri, rest));
                }
            }
            messages
        };
        for (uri, diagnostics) in messages {
            self.publish_diagnostics(uri, diagnostics, None).await;
        }
    }

    /// `textDocument/publishDiagnostics`, serialized once (a file can have tens of
    /// thousands of diagnostics; see `crate::raw`).
    pub(crate) async fn publish_diagnostics(
        &self,
        uri: lsp::Uri,
        diagnostics: Vec<lsp::Diagnostic>,
        version: Option<i32>,
    ) {
        let params = lsp::PublishDiagnosticsParams::new(uri, diagnostics, version);
        self.client
            .send_notification::<crate::raw::PublishDiagnostics>(crate::raw::RawJson::of(&params))
            .await;
    }
}

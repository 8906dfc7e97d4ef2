//! Request handlers for the editor features, one file per LSP method. Each handler reads the
//! latest document texts, builds (or reuses) the package's [`Snapshot`] on a blocking thread,
//! calls a plain function of `wit_analysis::ide`, and converts the result. A panic inside a
//! feature answers that one request with an internal error; the server carries on.

pub mod code_action;
pub mod completion;
pub mod definition;
pub mod document_highlight;
pub mod document_link;
pub mod document_symbol;
pub mod folding_range;
pub mod hover;
pub mod inlay_hint;
pub mod references;
pub mod rename;
pub mod selection_range;
pub mod semantic_tokens;
pub mod workspace_symbol;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock, Mutex};

use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::{self as lsp, Uri};
use wit_analysis::LineIndex;
use wit_analysis::ide::{Location, Snapshot, SyntaxCache};
use wit_project::{PackageRoot, load_package};

use crate::convert::{self, PositionEncoding};
use crate::reader::OverlayReader;
use crate::server::Backend;

/// Parse trees and the last snapshot of each package, kept between requests.
static SYNTAX_CACHES: LazyLock<Mutex<HashMap<PackageRoot, Arc<Mutex<SyntaxCache>>>>> =
    LazyLock::new(Default::default);

/// What a feature runs on: the snapshot of the document's package, and conversions.
pub struct RequestContext {
    pub snapshot: Arc<Snapshot>,
    pub encoding: PositionEncoding,
    /// The open documents' URIs by path (so answers use the URI the client sent).
    uris: HashMap<PathBuf, Uri>,
    /// Shared, not copied, by every conversion of a request (a completion list or the
    /// semantic tokens of a file convert hundreds of ranges).
    line_indexes: Mutex<HashMap<PathBuf, Arc<LineIndex>>>,
}

impl RequestContext {
    pub fn line_index(&self, path: &Path) -> Arc<LineIndex> {
        let mut indexes = self.line_indexes.lock().unwrap_or_else(|p| p.into_inner());
        indexes
            .entry(path.to_path_buf())
            .or_insert_with(|| {
                let text = self
                    .snapshot
                    .file_id(path)
                    .map(|id| self.snapshot.file(id).text.clone())
                    .unwrap_or_else(|| Arc::from(""));
                Arc::new(LineIndex::new(text))
            })
            .clone()
    }

    /// The byte offset of an LSP position in `path`.
    pub fn offset(&self, path: &Path, position: lsp::Position) -> usize {
        convert::offset(&self.line_index(path), position, self.encoding)
    }

    pub fn range(&self, path: &Path, range: &std::ops::Range<usize>) -> lsp::Range {
        convert::range(&self.line_index(path), range, self.encoding)
    }

    pub fn uri(&self, path: &Path) -> Option<Uri> {
        self.uris
            .get(path)
            .cloned()
            .or_else(|| convert::path_to_uri(path))
    }

    /// Edits of the core (byte ranges in files) as LSP text edits by document.
    pub fn workspace_changes(
        &self,
        edits: &wit_analysis::ide::FileEdits,
    ) -> HashMap<Uri, Vec<lsp::TextEdit>> {
        let mut changes: HashMap<Uri, Vec<lsp::TextEdit>> = HashMap::new();
        for (file, list) in edits {
            let Some(uri) = self.uri(file) else {
                continue;
            };
            let index = self.line_index(file);
            changes
                .entry(uri)
                .or_default()
                .extend(list.iter().map(|(range, text)| lsp::TextEdit {
                    range: convert::range(&index, range, self.encoding),
                    new_text: text.clone(),
                }));
        }
        changes
    }

    pub fn location(&self, location: &Location) -> Option<lsp::Location> {
        Some(lsp::Location::new(
            self.uri(&location.path)?,
            self.range(&location.path, &location.range),
        ))
    }
}

fn internal_error(message: String) -> jsonrpc::Error {
    jsonrpc::Error {
        code: jsonrpc::ErrorCode::InternalError,
        message: message.into(),
        data: None,
    }
}

impl Backend {
    /// Builds the request context for the package of `roots` (or of `uri`) on a blocking
    /// thread and runs `work` there; a panic becomes an internal error for this request only.
    pub(crate) async fn run_feature<T: Send + 'static>(
        &self,
        method: &'static str,
        uri: &Uri,
        work: impl FnOnce(&RequestContext, &Path) -> T + Send + 'static,
    ) -> jsonrpc::Result<T> {
        let path = convert::uri_to_path(uri);
        let root = Backend::package_of(uri, &path);
        let backend = self.clone();
        let result = tokio::task::spawn_blocking(move || {
            let started = std::time::Instant::now();
            let context = backend.request_context(&root);
            let snapshot_time = started.elapsed();
            let answer = work(&context, &path);
            tracing::debug!(
                "{method}: snapshot {:.2} ms, feature {:.2} ms",
                snapshot_time.as_secs_f64() * 1000.0,
                (started.elapsed() - snapshot_time).as_secs_f64() * 1000.0
            );
            answer
        })
        .await;
        result.map_err(|error| {
            tracing::error!("{method} failed: {error}");
            internal_error(format!("{method} failed: {error}"))
        })
    }

    /// Snapshots of every known package, for workspace-wide requests (after the workspace
    /// search for packages has finished).
    pub(crate) async fn run_on_all_packages<T: Send + 'static>(
        &self,
        method: &'static str,
        work: impl Fn(&RequestContext) -> Vec<T> + Send + 'static,
    ) -> jsonrpc::Result<Vec<T>> {
        self.discovery_finished(std::time::Duration::from_secs(10))
            .await;
        let backend = self.clone();
        let result = tokio::task::spawn_blocking(move || {
            let roots: Vec<PackageRoot> = {
                let state = backend.state.lock().unwrap_or_else(|p| p.into_inner());
                let mut roots: Vec<PackageRoot> = state.packages.keys().cloned().collect();
                roots.sort();
                roots
            };
            let mut all = Vec::new();
            for root in roots {
                let context = backend.request_context(&root);
                all.extend(work(&context));
            }
            all
        })
        .await;
        result.map_err(|error| {
            tracing::error!("{method} failed: {error}");
            internal_error(format!("{method} failed: {error}"))
        })
    }

    /// Reads the package with the latest open-document texts and indexes it (reusing the
    /// parse trees of unchanged files).
    fn request_context(&self, root: &PackageRoot) -> RequestContext {
        let (overlay, uris, disk, encoding) = {
            let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
            let mut overlay = HashMap::new();
            let mut uris = HashMap::new();
            for (path, open) in state.documents.iter_mut() {
                overlay.insert(path.clone(), open.document.text());
                uris.insert(path.clone(), open.uri.clone());
            }
            (overlay, uris, state.disk.clone(), state.encoding)
        };
        let reader = OverlayReader {
            overlay: &overlay,
            disk: &disk,
        };
        let sources = load_package(&reader, root);
        let cache = SYNTAX_CACHES
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .entry(root.clone())
            .or_default()
            .clone();
        let snapshot = {
            let mut cache = cache.lock().unwrap_or_else(|p| p.into_inner());
            Snapshot::build(&sources, &mut cache)
        };
        RequestContext {
            snapshot,
            encoding,
            uris,
            line_indexes: Mutex::new(HashMap::new()),
        }
    }
}

/// Unused-`use` and deprecation warnings of a package, for the analysis to publish with
/// wit-parser's diagnostics. Shares the parse trees with the feature requests.
pub(crate) fn lint_diagnostics(
    root: &PackageRoot,
    sources: &wit_analysis::PackageSources,
) -> Vec<wit_analysis::Diagnostic> {
    let cache = SYNTAX_CACHES
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .entry(root.clone())
        .or_default()
        .clone();
    let snapshot = {
        let mut cache = cache.lock().unwrap_or_else(|p| p.into_inner());
        Snapshot::build(sources, &mut cache)
    };
    // A bug in the index must not cost the package its wit-parser diagnostics.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        wit_analysis::ide::diagnostics::lint_diagnostics(&snapshot)
    }))
    .unwrap_or_default()
}

/// The LSP tags of a diagnostic code.
pub(crate) fn diagnostic_tags(
    code: wit_analysis::DiagnosticCode,
) -> Option<Vec<lsp::DiagnosticTag>> {
    let tags: Vec<lsp::DiagnosticTag> = code
        .tags()
        .iter()
        .map(|tag| match tag {
            wit_analysis::DiagnosticTag::Unnecessary => lsp::DiagnosticTag::UNNECESSARY,
            wit_analysis::DiagnosticTag::Deprecated => lsp::DiagnosticTag::DEPRECATED,
        })
        .collect();
    (!tags.is_empty()).then_some(tags)
}

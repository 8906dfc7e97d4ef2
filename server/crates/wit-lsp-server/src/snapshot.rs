//! What a request runs on: a [`RequestSnapshot`] of the session taken when the request
//! starts (the open documents' texts and versions, settings, the known packages and their
//! last clean resolves, shared caches), and for editor features the [`PackageContext`] of
//! one package: its parsed files and name index (`wit_analysis::ide::Snapshot`) with the
//! position conversions of this request. A snapshot holds no lock: building a package's
//! context reads files and parses on the request's own (blocking) thread.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tower_lsp_server::ls_types::{self as lsp, MessageType, Uri};
use wit_analysis::ide::{Location, Snapshot, SyntaxCache};
use wit_analysis::{LineIndex, LineIndexes, ResolvedPackage};
use wit_project::{PackageRoot, load_package};

use crate::convert::{self, PositionEncoding};
use crate::locks;
use crate::reader::{DiskCache, OverlayReader};
use crate::session::Session;
use crate::session::previews::Previews;
use crate::session::runs::{RunContext, Runs};
use crate::session::settings::Settings;

/// An open document as a request sees it.
pub struct DocumentView {
    pub uri: Uri,
    pub text: Arc<str>,
    pub version: i32,
}

/// A known package as a request sees it.
pub struct PackageView {
    pub root: PackageRoot,
    /// The last analysis that resolved cleanly.
    pub last_clean: Option<Arc<ResolvedPackage>>,
    /// Whether the last published analysis had errors.
    pub has_errors: bool,
    syntax: Arc<Mutex<SyntaxCache>>,
}

pub struct RequestSnapshot {
    pub encoding: PositionEncoding,
    pub settings: Settings,
    pub workspace_roots: Vec<PathBuf>,
    documents: HashMap<PathBuf, DocumentView>,
    overlay: HashMap<PathBuf, Arc<str>>,
    packages: Vec<PackageView>,
    disk: Arc<DiskCache>,
    pub previews: Arc<Previews>,
    pub runs: Arc<Runs>,
    /// `window/showMessage`s the request asked for, sent after it answers.
    messages: Mutex<Vec<(MessageType, String)>>,
}

impl Session {
    /// Takes the state a request needs, under the lock for as long as copying `Arc`s takes.
    pub(crate) fn snapshot(&self) -> RequestSnapshot {
        let mut state = self.state();
        let mut documents = HashMap::new();
        let mut overlay = HashMap::new();
        for (path, open) in state.documents.iter_mut() {
            let text = open.document.text();
            overlay.insert(path.clone(), text.clone());
            documents.insert(
                path.clone(),
                DocumentView {
                    uri: open.uri.clone(),
                    text,
                    version: open.document.version(),
                },
            );
        }
        let mut packages: Vec<PackageView> = state
            .packages
            .iter()
            .map(|(root, entry)| PackageView {
                root: root.clone(),
                last_clean: entry.last_clean.clone(),
                has_errors: entry.has_errors,
                syntax: entry.syntax.clone(),
            })
            .collect();
        packages.sort_by(|a, b| a.root.cmp(&b.root));
        RequestSnapshot {
            encoding: state.encoding,
            settings: state.settings.clone(),
            workspace_roots: state.workspace_roots.clone(),
            documents,
            overlay,
            packages,
            disk: state.disk.clone(),
            previews: self.previews.clone(),
            runs: self.runs.clone(),
            messages: Mutex::new(Vec::new()),
        }
    }
}

impl RequestSnapshot {
    /// The open document at `path`.
    pub fn document(&self, path: &Path) -> Option<&DocumentView> {
        self.documents.get(path)
    }

    /// The known package `root`.
    pub fn package(&self, root: &PackageRoot) -> Option<&PackageView> {
        self.packages.iter().find(|package| &package.root == root)
    }

    /// Every known package, in path order.
    pub fn packages(&self) -> &[PackageView] {
        &self.packages
    }

    /// Shows `message` to the user once the request has answered.
    pub fn show_message(&self, kind: MessageType, message: String) {
        locks::lock(&self.messages).push((kind, message));
    }

    pub(crate) fn take_messages(&self) -> Vec<(MessageType, String)> {
        std::mem::take(&mut *locks::lock(&self.messages))
    }

    /// The editor-feature context of the package `uri` belongs to, and the document's path.
    pub fn context_of(&self, uri: &Uri) -> (PackageContext, PathBuf) {
        let path = convert::uri_to_path(uri);
        let root = Session::package_of(uri, &path);
        (self.context(&root), path)
    }

    /// Runs `feature` on the context of `uri`'s package, with the document's path.
    pub fn with_package_of<T>(
        &self,
        uri: &Uri,
        feature: impl FnOnce(&PackageContext, &Path) -> T,
    ) -> T {
        let (context, path) = self.context_of(uri);
        feature(&context, &path)
    }

    /// Reads the package with the open documents' texts and indexes it, reusing the parse
    /// trees of unchanged files (the package's syntax cache; a fresh one for a package the
    /// session does not know yet).
    pub fn context(&self, root: &PackageRoot) -> PackageContext {
        let reader = OverlayReader {
            overlay: &self.overlay,
            disk: &self.disk,
        };
        let sources = load_package(&reader, root);
        let snapshot = match self.package(root) {
            Some(package) => Snapshot::build(&sources, &mut locks::lock(&package.syntax)),
            None => Snapshot::build(&sources, &mut SyntaxCache::default()),
        };
        PackageContext {
            snapshot,
            encoding: self.encoding,
            uris: self
                .documents
                .iter()
                .map(|(path, document)| (path.clone(), document.uri.clone()))
                .collect(),
            line_indexes: Mutex::default(),
        }
    }

    /// Where runs of an export declared in `uri` look for their component.
    pub(crate) fn run_context(&self, uri: &Uri) -> RunContext {
        let path = convert::uri_to_path(uri);
        let root = Session::package_of(uri, &path);
        let package_dir = match root.kind {
            wit_analysis::PackageKind::Directory => root.path,
            _ => path.parent().map(Path::to_path_buf).unwrap_or_default(),
        };
        let workspace_root = self
            .workspace_roots
            .iter()
            .find(|folder| package_dir.starts_with(folder))
            .cloned();
        RunContext {
            package_dir,
            workspace_root,
            settings: self.settings.runner.clone(),
        }
    }
}

/// What an editor feature runs on: the snapshot of one package, and conversions.
pub struct PackageContext {
    pub snapshot: Arc<Snapshot>,
    pub encoding: PositionEncoding,
    /// The open documents' URIs by path (so answers use the URI the client sent).
    uris: HashMap<PathBuf, Uri>,
    /// Shared, not copied, by every conversion of a request (a completion list or the
    /// semantic tokens of a file convert hundreds of ranges).
    line_indexes: Mutex<LineIndexes>,
}

impl PackageContext {
    pub fn line_index(&self, path: &Path) -> Arc<LineIndex> {
        locks::lock(&self.line_indexes)
            .get(path, || self.text(path).unwrap_or_else(|| Arc::from("")))
    }

    /// The text of `path` in this snapshot.
    pub fn text(&self, path: &Path) -> Option<Arc<str>> {
        self.snapshot
            .file_id(path)
            .map(|id| self.snapshot.file(id).text.clone())
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

//! The server's mutable state. It is only touched under one `std::sync::Mutex`, and never
//! across an `.await`, so each notification's edit is applied before the next one starts.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use tower_lsp_server::ls_types::{self as lsp, Uri};
use wit_analysis::{AnalysisCache, Features};
use wit_project::PackageRoot;

use crate::convert::PositionEncoding;
use crate::document::Document;
use crate::reader::DiskCache;

/// An open document and the URI the client knows it by.
pub struct OpenDocument {
    pub uri: Uri,
    pub document: Document,
}

/// What the server knows about one package.
#[derive(Default)]
pub struct PackageEntry {
    /// Bumped each time something the package reads changes.
    pub scheduled_generation: u64,
    /// The generation whose diagnostics were published last; older results are dropped.
    pub published_generation: u64,
    /// Parsed dependencies kept between analyses; also serialises analyses of this package.
    pub cache: Arc<Mutex<AnalysisCache>>,
    /// The files this package last published diagnostics on.
    pub published_uris: HashSet<Uri>,
    /// The last analysis that resolved cleanly (binding previews are made from it).
    pub last_clean: Option<Arc<wit_analysis::ResolvedPackage>>,
    /// Whether the last published analysis had errors (previews are then stale).
    pub has_errors: bool,
    /// Whether the binding-preview cache was warmed up with this package.
    pub previews_warmed: bool,
}

/// Runner settings from the client (`wit-lsp.runner.*` in VS Code).
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RunnerSettings {
    /// Deadline of one call, in milliseconds.
    pub timeout_ms: Option<u64>,
    /// Linear memory a guest may use, in bytes.
    pub max_memory_bytes: Option<usize>,
    /// A TOML file with a `[mocks]` table (relative paths: from the workspace root).
    pub mock_file: Option<std::path::PathBuf>,
    /// A component to run instead of finding one.
    pub component: Option<std::path::PathBuf>,
}

/// Formatter settings from the client; a `wit-lsp.toml` `[format]` table still wins.
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FormatSettings {
    pub indent_width: Option<usize>,
    pub max_width: Option<usize>,
}

/// Binding-preview settings from the client (`wit-lsp.bindings.*` in VS Code).
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct BindingsSettings {
    /// Warm the preview cache up when an opened package first resolves (default: on).
    pub warm_up: Option<bool>,
}

impl BindingsSettings {
    pub fn warm_up(&self) -> bool {
        self.warm_up.unwrap_or(true)
    }
}

pub struct State {
    pub encoding: PositionEncoding,
    pub features: Features,
    pub runner_settings: RunnerSettings,
    pub format_settings: FormatSettings,
    pub bindings_settings: BindingsSettings,
    pub workspace_roots: Vec<PathBuf>,
    pub documents: HashMap<PathBuf, OpenDocument>,
    pub packages: HashMap<PackageRoot, PackageEntry>,
    pub disk: Arc<DiskCache>,
    /// For each file, the diagnostics each package last published on it.
    pub published: HashMap<Uri, HashMap<PackageRoot, Vec<lsp::Diagnostic>>>,
    pub shutting_down: bool,
}

impl Default for State {
    fn default() -> State {
        State {
            encoding: PositionEncoding::Utf16,
            features: Features::default(),
            runner_settings: RunnerSettings::default(),
            format_settings: FormatSettings::default(),
            bindings_settings: BindingsSettings::default(),
            workspace_roots: Vec::new(),
            documents: HashMap::new(),
            packages: HashMap::new(),
            disk: Arc::new(DiskCache::new(false)),
            published: HashMap::new(),
            shutting_down: false,
        }
    }
}

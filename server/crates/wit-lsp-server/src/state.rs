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
}

pub struct State {
    pub encoding: PositionEncoding,
    pub features: Features,
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
            workspace_roots: Vec::new(),
            documents: HashMap::new(),
            packages: HashMap::new(),
            disk: Arc::new(DiskCache::new(false)),
            published: HashMap::new(),
            shutting_down: false,
        }
    }
}

//! The session's mutable state. It is only touched under one `std::sync::Mutex` (through
//! [`crate::locks::lock`]), and never across an `.await`, so each notification's edit is
//! applied before the next one starts.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use tower_lsp_server::ls_types::{self as lsp, Uri};
use wit_analysis::AnalysisCache;
use wit_analysis::ide::SyntaxCache;
use wit_project::PackageRoot;

use crate::convert::PositionEncoding;
use crate::document::Document;
use crate::reader::DiskCache;
use crate::session::settings::Settings;

/// An open document and the URI the client knows it by.
pub struct OpenDocument {
    pub uri: Uri,
    pub document: Document,
}

/// What the session knows about one package. Forgetting the package drops its caches.
#[derive(Default)]
pub struct PackageEntry {
    /// Bumped each time something the package reads changes.
    pub scheduled_generation: u64,
    /// The generation whose diagnostics were published last; older results are dropped.
    pub published_generation: u64,
    /// Parsed dependencies kept between analyses; also serialises analyses of this package.
    pub cache: Arc<Mutex<AnalysisCache>>,
    /// Parse trees and the name index of the last snapshot, shared by the requests and the
    /// analysis's lint pass.
    pub syntax: Arc<Mutex<SyntaxCache>>,
    /// The files this package last published diagnostics on.
    pub published_uris: HashSet<Uri>,
    /// The last analysis that resolved cleanly (binding previews and run lenses use it).
    pub last_clean: Option<Arc<wit_analysis::ResolvedPackage>>,
    /// What `last_clean` was resolved from.
    pub last_clean_inputs: ResolveInputs,
    /// Whether the last published analysis had errors (previews are then stale).
    pub has_errors: bool,
    /// Whether the binding-preview cache was warmed up with this package.
    pub previews_warmed: bool,
    /// The baseline read for this package, with what it was read for (the setting and, for
    /// a git baseline, the commit): read again only when either changes.
    pub baseline: Option<CachedBaseline>,
}

/// A baseline as the last analysis read it.
pub struct CachedBaseline {
    pub setting: String,
    pub commit: Option<String>,
    pub baseline: Arc<Result<wit_project::baseline::Baseline, String>>,
}

pub struct State {
    pub encoding: PositionEncoding,
    pub settings: Settings,
    pub workspace_roots: Vec<PathBuf>,
    pub documents: HashMap<PathBuf, OpenDocument>,
    pub packages: HashMap<PackageRoot, PackageEntry>,
    pub disk: Arc<DiskCache>,
    /// For each file, the diagnostics each package last published on it.
    pub published: HashMap<Uri, HashMap<PackageRoot, Vec<lsp::Diagnostic>>>,
    /// The client supports `window/workDoneProgress/create`.
    pub client_creates_progress: bool,
    pub shutting_down: bool,
}

impl Default for State {
    fn default() -> State {
        State {
            encoding: PositionEncoding::Utf16,
            settings: Settings::default(),
            workspace_roots: Vec::new(),
            documents: HashMap::new(),
            packages: HashMap::new(),
            disk: Arc::new(DiskCache::new(false)),
            published: HashMap::new(),
            client_creates_progress: false,
            shutting_down: false,
        }
    }
}

/// The inputs of a resolve: the package's and its dependencies' files (paths and texts) and
/// the enabled features. Two analyses with equal inputs resolve to the same package.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ResolveInputs {
    files: Vec<(PathBuf, Arc<str>)>,
    features: wit_analysis::Features,
}

impl ResolveInputs {
    pub fn of(sources: &wit_analysis::PackageSources, features: &wit_analysis::Features) -> Self {
        ResolveInputs {
            files: sources
                .all_files()
                .map(|file| (file.path.clone(), file.contents.text_for_positions()))
                .collect(),
            features: features.clone(),
        }
    }
}

//! The input of every editor feature: the parsed files of one package and of its `deps/`,
//! with the name index over them. Parse trees are cached per file and text, so a request
//! after an edit parses only the edited file.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustc_hash::FxHashMap;
use wit_syntax::Parse;

use crate::ide::index::NameIndex;
use crate::source::PackageSources;

/// Index of a file in a [`Snapshot`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// Where a file comes from.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum FileOrigin {
    /// One of the package's own files (editable, renamable).
    Package,
    /// A file of the `deps/` entry at this path (vendored: never renamed).
    Dependency(PathBuf),
}

/// One parsed file.
#[derive(Clone, Debug)]
pub struct IdeFile {
    pub path: PathBuf,
    pub text: Arc<str>,
    pub parse: Parse,
    pub origin: FileOrigin,
}

/// The paths and texts a snapshot was built from.
type SnapshotKey = Vec<(PathBuf, Arc<str>)>;

/// Parse trees kept between requests, keyed by path and reused while the text is the same.
#[derive(Default)]
pub struct SyntaxCache {
    parsed: FxHashMap<PathBuf, (Arc<str>, Parse)>,
    /// The last snapshot and the texts it was built from.
    last: Option<(SnapshotKey, Arc<Snapshot>)>,
}

impl SyntaxCache {
    fn parse(&mut self, path: &Path, text: &Arc<str>) -> Parse {
        if let Some((cached_text, parse)) = self.parsed.get(path)
            && (Arc::ptr_eq(cached_text, text) || **cached_text == **text)
        {
            return parse.clone();
        }
        let parse = wit_syntax::parse(text);
        self.parsed
            .insert(path.to_path_buf(), (text.clone(), parse.clone()));
        parse
    }
}

/// The parsed package and its dependencies, indexed.
#[derive(Debug)]
pub struct Snapshot {
    pub files: Vec<IdeFile>,
    pub index: NameIndex,
}

impl Snapshot {
    /// Builds (or reuses) the snapshot of `sources`. Files that are not UTF-8 or unreadable
    /// take part with the text that could be read.
    pub fn build(sources: &PackageSources, cache: &mut SyntaxCache) -> Arc<Snapshot> {
        let mut inputs: Vec<(PathBuf, Arc<str>, FileOrigin)> = Vec::new();
        for file in &sources.files {
            inputs.push((
                file.path.clone(),
                file.contents.text_for_positions(),
                FileOrigin::Package,
            ));
        }
        for dependency in &sources.dependencies {
            for file in dependency.files() {
                inputs.push((
                    file.path.clone(),
                    file.contents.text_for_positions(),
                    FileOrigin::Dependency(dependency.path().to_path_buf()),
                ));
            }
        }
        let key: SnapshotKey = inputs
            .iter()
            .map(|(path, text, _)| (path.clone(), text.clone()))
            .collect();
        if let Some((last_key, snapshot)) = &cache.last
            && last_key.len() == key.len()
            && last_key
                .iter()
                .zip(&key)
                .all(|(a, b)| a.0 == b.0 && (Arc::ptr_eq(&a.1, &b.1) || a.1 == b.1))
        {
            return snapshot.clone();
        }
        let files: Vec<IdeFile> = inputs
            .into_iter()
            .map(|(path, text, origin)| {
                let parse = cache.parse(&path, &text);
                IdeFile {
                    path,
                    text,
                    parse,
                    origin,
                }
            })
            .collect();
        let index = NameIndex::build(&files);
        let snapshot = Arc::new(Snapshot { files, index });
        cache.last = Some((key, snapshot.clone()));
        snapshot
    }

    /// The file with this path.
    pub fn file_id(&self, path: &Path) -> Option<FileId> {
        self.files
            .iter()
            .position(|file| file.path == path)
            .map(|i| FileId(i as u32))
    }

    /// The file behind an id.
    pub fn file(&self, id: FileId) -> &IdeFile {
        &self.files[id.0 as usize]
    }

    /// True for the package's own files.
    pub fn is_package_file(&self, id: FileId) -> bool {
        self.file(id).origin == FileOrigin::Package
    }
}

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
    /// The index of the last snapshot's `deps/` files alone, the texts it was built from
    /// and the id of its first file: an edit of the package's own files reuses it.
    dependencies: Option<(SnapshotKey, u32, NameIndex)>,
    /// Files parsed so far (a file whose text is unchanged is not parsed again).
    parses: usize,
    /// Files whose definitions were indexed so far, package and `deps/` files alike.
    indexed_files: usize,
}

impl SyntaxCache {
    /// How many files this cache has parsed: after an edit of one file, one more.
    pub fn parse_count(&self) -> usize {
        self.parses
    }

    /// How many files' definitions have been indexed: an edit of a package file
    /// re-indexes every file of the package (not of its `deps/`).
    pub fn indexed_file_count(&self) -> usize {
        self.indexed_files
    }

    fn parse(&mut self, path: &Path, text: &Arc<str>) -> Parse {
        if let Some((cached_text, parse)) = self.parsed.get(path)
            && (Arc::ptr_eq(cached_text, text) || **cached_text == **text)
        {
            return parse.clone();
        }
        self.parses += 1;
        let parse = wit_syntax::parse(text);
        self.parsed
            .insert(path.to_path_buf(), (text.clone(), parse.clone()));
        parse
    }
}

/// True when two lists name the same files with the same texts.
fn same_texts(a: &[(PathBuf, Arc<str>)], b: &[(PathBuf, Arc<str>)]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(a, b)| a.0 == b.0 && (Arc::ptr_eq(&a.1, &b.1) || a.1 == b.1))
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
            && same_texts(last_key, &key)
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
        let split = files
            .iter()
            .position(|file| file.origin != FileOrigin::Package)
            .unwrap_or(files.len());
        let dependency_key = &key[split..];
        let base = match &cache.dependencies {
            Some((last_key, first, index))
                if *first as usize == split && same_texts(last_key, dependency_key) =>
            {
                index.clone()
            }
            _ => {
                cache.indexed_files += files.len() - split;
                let index = NameIndex::extend(NameIndex::default(), &files[split..], split as u32);
                cache.dependencies = Some((dependency_key.to_vec(), split as u32, index.clone()));
                index
            }
        };
        cache.indexed_files += split;
        let index = NameIndex::extend(base, &files[..split], 0);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::index::DefId;
    use crate::{DependencySource, FileContents, PackageKind, SourceFile};

    fn sources(own: &str, dep: &str) -> PackageSources {
        let file = |path: &str, text: &str| SourceFile {
            path: PathBuf::from(path),
            contents: FileContents::Text(text.into()),
        };
        PackageSources {
            root: PathBuf::from("/pkg"),
            kind: PackageKind::Directory,
            files: vec![file("/pkg/a.wit", own)],
            dependencies: vec![DependencySource::Directory {
                path: PathBuf::from("/pkg/deps/io"),
                files: vec![file("/pkg/deps/io/streams.wit", dep)],
            }],
            read_error: None,
        }
    }

    /// Everything the index says, in a form that compares definitions by name and place.
    fn summary(snapshot: &Snapshot) -> Vec<String> {
        let index = &snapshot.index;
        let describe = |id: DefId| {
            let def = index.def(id);
            format!("{}@{:?}:{:?}", def.name, def.file, def.name_range)
        };
        let mut lines: Vec<String> = index.def_ids().map(describe).collect();
        lines.extend(
            index
                .refs
                .iter()
                .map(|r| format!("ref {:?}:{:?} -> {}", r.file, r.range, describe(r.target))),
        );
        lines.extend(
            index
                .unresolved
                .iter()
                .map(|u| format!("unresolved {} {:?}:{:?}", u.name, u.file, u.range)),
        );
        lines.sort();
        lines
    }

    #[test]
    fn an_edit_of_the_package_reuses_the_dependency_index_with_the_same_result() {
        let dep_v1 = "package wasi:io;\ninterface streams { resource input-stream; }\n";
        let dep_v2 = "package wasi:io;\ninterface streams { resource output-stream; }\n";
        let own = |ty: &str| {
            format!(
                "package a:b;\ninterface i {{ use wasi:io/streams.{{{ty}}}; f: func(s: {ty}); }}\n"
            )
        };
        let mut cache = SyntaxCache::default();
        for (own_text, dep_text) in [
            (own("input-stream"), dep_v1),
            (own("output-stream"), dep_v1),
            (format!("// edited\n{}", own("input-stream")), dep_v1),
            (own("output-stream"), dep_v2),
            (own("input-stream"), dep_v2),
        ] {
            let package = sources(&own_text, dep_text);
            let cached = Snapshot::build(&package, &mut cache);
            let fresh = Snapshot::build(&package, &mut SyntaxCache::default());
            assert_eq!(
                summary(&cached),
                summary(&fresh),
                "for {own_text} over {dep_text}"
            );
            // And the index is right, not only the same: the used type resolves exactly
            // when this version of the dependency defines it.
            let used = if own_text.contains("input-stream") {
                "input-stream"
            } else {
                "output-stream"
            };
            assert_eq!(
                cached.index.unresolved.is_empty(),
                dep_text.contains(used),
                "{:?}",
                cached.index.unresolved
            );
        }
    }
}

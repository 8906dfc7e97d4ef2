//! Reading one package, the way wit-parser's `Resolve::push_dir` / `push_file` read it.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use wit_analysis::{DependencySource, FileContents, PackageKind, PackageSources, SourceFile};

use crate::PackageRoot;

/// What a directory entry is, following symlinks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryKind {
    File,
    Directory,
    /// A symbolic link that cannot be followed: its target is missing, or it loops. The
    /// toolchain fails on such an entry where it would read it, and so do we.
    BrokenLink,
    Other,
}

/// Where file contents come from.
pub trait FileReader {
    /// Reads a whole file.
    fn read(&self, path: &Path) -> io::Result<Arc<[u8]>>;
    /// Lists a directory: each entry's path and kind, in any order.
    fn read_dir(&self, path: &Path) -> io::Result<Vec<(PathBuf, EntryKind)>>;
    /// Reads a whole file as source text. Readers that keep decoded text (an editor's open
    /// documents, a cache) return it as is, so loading a package again copies nothing.
    fn read_contents(&self, path: &Path) -> io::Result<FileContents> {
        self.read(path)
            .map(|bytes| FileContents::from_bytes(bytes.to_vec()))
    }
}

/// Reads straight from the file system.
pub struct DiskReader;

impl FileReader for DiskReader {
    fn read(&self, path: &Path) -> io::Result<Arc<[u8]>> {
        std::fs::read(path).map(Arc::from)
    }

    fn read_dir(&self, path: &Path) -> io::Result<Vec<(PathBuf, EntryKind)>> {
        let mut entries = Vec::new();
        for entry in std::fs::read_dir(path)? {
            let entry = entry?;
            let path = entry.path();
            // `metadata` follows symlinks.
            let kind = match std::fs::metadata(&path) {
                Ok(meta) if meta.is_dir() => EntryKind::Directory,
                Ok(meta) if meta.is_file() => EntryKind::File,
                Ok(_) => EntryKind::Other,
                Err(_) if entry.file_type().is_ok_and(|kind| kind.is_symlink()) => {
                    EntryKind::BrokenLink
                }
                Err(_) => EntryKind::Other,
            };
            entries.push((path, kind));
        }
        Ok(entries)
    }
}

fn has_extension(path: &Path, extension: &str) -> bool {
    path.extension().and_then(|e| e.to_str()) == Some(extension)
}

fn read_source(reader: &dyn FileReader, path: &Path) -> SourceFile {
    let contents = match reader.read_contents(path) {
        Ok(contents) => contents,
        Err(error) => FileContents::Unreadable(error.to_string()),
    };
    SourceFile {
        path: path.to_path_buf(),
        contents,
    }
}

/// The `*.wit` files directly in `dir`, sorted by path.
fn wit_files_in(reader: &dyn FileReader, dir: &Path) -> io::Result<Vec<SourceFile>> {
    let mut paths: Vec<PathBuf> = reader
        .read_dir(dir)?
        .into_iter()
        .filter(|(path, kind)| {
            matches!(kind, EntryKind::File | EntryKind::BrokenLink) && has_extension(path, "wit")
        })
        .map(|(path, _)| path)
        .collect();
    paths.sort();
    Ok(paths.iter().map(|path| read_source(reader, path)).collect())
}

/// Reads the package at `root` and its `deps/`.
pub fn load_package(reader: &dyn FileReader, root: &PackageRoot) -> PackageSources {
    match root.kind {
        PackageKind::Encoded => PackageSources {
            root: root.path.clone(),
            kind: PackageKind::Encoded,
            files: Vec::new(),
            dependencies: vec![DependencySource::Wasm {
                path: root.path.clone(),
                bytes: reader.read(&root.path).map_err(|error| error.to_string()),
            }],
            read_error: None,
        },
        PackageKind::SingleFile => PackageSources {
            root: root.path.clone(),
            kind: PackageKind::SingleFile,
            files: vec![read_source(reader, &root.path)],
            dependencies: Vec::new(),
            read_error: None,
        },
        PackageKind::Directory => {
            let (files, read_error) = match wit_files_in(reader, &root.path) {
                Ok(files) => (files, None),
                Err(error) => (Vec::new(), Some(error.to_string())),
            };
            PackageSources {
                root: root.path.clone(),
                kind: PackageKind::Directory,
                files,
                dependencies: load_dependencies(reader, &root.path.join("deps")),
                read_error,
            }
        }
    }
}

fn load_dependencies(reader: &dyn FileReader, deps_dir: &Path) -> Vec<DependencySource> {
    let mut entries = match reader.read_dir(deps_dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Vec::new(),
        Err(error) if error.kind() == io::ErrorKind::NotADirectory => return Vec::new(),
        Err(error) => {
            return vec![DependencySource::Unreadable {
                path: deps_dir.to_path_buf(),
                message: error.to_string(),
            }];
        }
    };
    // wit-parser reads `deps/` sorted by file name.
    entries.sort_by(|(a, _), (b, _)| a.file_name().cmp(&b.file_name()));
    let mut dependencies = Vec::new();
    for (path, kind) in entries {
        match kind {
            EntryKind::Directory => match wit_files_in(reader, &path) {
                Ok(files) => dependencies.push(DependencySource::Directory { path, files }),
                Err(error) => dependencies.push(DependencySource::Unreadable {
                    path,
                    message: error.to_string(),
                }),
            },
            EntryKind::File if has_extension(&path, "wit") => {
                dependencies.push(DependencySource::WitFile(read_source(reader, &path)));
            }
            EntryKind::File if has_extension(&path, "wasm") || has_extension(&path, "wat") => {
                let bytes = reader.read(&path).map_err(|error| error.to_string());
                dependencies.push(DependencySource::Wasm { path, bytes });
            }
            // wit-parser follows every entry of `deps/`, whatever its name, and fails on one
            // it cannot follow.
            EntryKind::BrokenLink => {
                let message = match reader.read(&path) {
                    Err(error) => format!("cannot follow the symbolic link: {error}"),
                    Ok(_) => "cannot follow the symbolic link".to_string(),
                };
                dependencies.push(DependencySource::Unreadable { path, message });
            }
            _ => {}
        }
    }
    dependencies
}

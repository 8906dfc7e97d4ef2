//! The files of a package as the IO layer hands them to the core.

use std::path::PathBuf;
use std::sync::Arc;

/// What a file held when it was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileContents {
    /// Valid UTF-8 text.
    Text(Arc<str>),
    /// The bytes are not UTF-8; `valid_up_to` is the offset of the first bad byte, and
    /// `valid_prefix` the text before it (so positions up to the error can be shown).
    NotUtf8 {
        valid_up_to: usize,
        valid_prefix: Arc<str>,
    },
    /// The file could not be read; the message says why (permission denied, ...).
    Unreadable(String),
}

impl FileContents {
    /// Classifies raw bytes as text or as not UTF-8.
    pub fn from_bytes(bytes: Vec<u8>) -> FileContents {
        match String::from_utf8(bytes) {
            Ok(text) => FileContents::Text(text.into()),
            Err(error) => {
                let valid_up_to = error.utf8_error().valid_up_to();
                let bytes = error.into_bytes();
                let valid_prefix = std::str::from_utf8(&bytes[..valid_up_to]).unwrap_or_default();
                FileContents::NotUtf8 {
                    valid_up_to,
                    valid_prefix: valid_prefix.into(),
                }
            }
        }
    }

    /// The text, when the file is readable UTF-8.
    pub fn text(&self) -> Option<&Arc<str>> {
        match self {
            FileContents::Text(text) => Some(text),
            _ => None,
        }
    }

    /// The text to compute line and column numbers with: the whole text, or for a file that
    /// is not UTF-8 the part before the first bad byte.
    pub fn text_for_positions(&self) -> Arc<str> {
        match self {
            FileContents::Text(text) => text.clone(),
            FileContents::NotUtf8 { valid_prefix, .. } => valid_prefix.clone(),
            FileContents::Unreadable(_) => Arc::from(""),
        }
    }
}

/// One `.wit` file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceFile {
    pub path: PathBuf,
    pub contents: FileContents,
}

/// Whether a package is a directory (`*.wit` plus `deps/`) or one standalone file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PackageKind {
    Directory,
    SingleFile,
    /// A `.wasm` or `.wat` file holding a WIT package encoded as WebAssembly; its bytes are
    /// the one entry of `dependencies`.
    Encoded,
}

/// One entry of a package's `deps/` directory, in the order wit-parser reads them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DependencySource {
    /// `deps/<name>/*.wit`: a directory package.
    Directory {
        path: PathBuf,
        files: Vec<SourceFile>,
    },
    /// `deps/<name>.wit`: a single-file package.
    WitFile(SourceFile),
    /// `deps/<name>.wasm` or `deps/<name>.wat`: a WIT package encoded as WebAssembly.
    Wasm {
        path: PathBuf,
        bytes: Result<Arc<[u8]>, String>,
    },
    /// An entry that could not be read at all (a directory without permission, ...).
    Unreadable { path: PathBuf, message: String },
}

impl DependencySource {
    /// The path of the entry inside `deps/`.
    pub fn path(&self) -> &std::path::Path {
        match self {
            DependencySource::Directory { path, .. }
            | DependencySource::Wasm { path, .. }
            | DependencySource::Unreadable { path, .. } => path,
            DependencySource::WitFile(file) => &file.path,
        }
    }

    /// The `.wit` files this entry holds.
    pub fn files(&self) -> &[SourceFile] {
        match self {
            DependencySource::Directory { files, .. } => files,
            DependencySource::WitFile(file) => std::slice::from_ref(file),
            DependencySource::Wasm { .. } | DependencySource::Unreadable { .. } => &[],
        }
    }
}

/// Everything the core needs to analyse one package.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackageSources {
    /// The package directory, or the file of a single-file package.
    pub root: PathBuf,
    pub kind: PackageKind,
    /// The package's own files, sorted by path.
    pub files: Vec<SourceFile>,
    /// The entries of `deps/`, sorted by file name (as wit-parser reads them).
    pub dependencies: Vec<DependencySource>,
    /// A problem reading the package directory itself, if any.
    pub read_error: Option<String>,
}

impl PackageSources {
    /// Every `.wit` file of the package and its dependencies.
    pub fn all_files(&self) -> impl Iterator<Item = &SourceFile> {
        self.files
            .iter()
            .chain(self.dependencies.iter().flat_map(DependencySource::files))
    }

    /// The text to compute a diagnostic's line and column with, for a file of the package or
    /// its dependencies (empty for a path that is not one of them).
    pub fn text_for_positions(&self, path: &std::path::Path) -> Arc<str> {
        self.all_files()
            .find(|file| file.path == path)
            .map(|file| file.contents.text_for_positions())
            .unwrap_or_else(|| Arc::from(""))
    }
}

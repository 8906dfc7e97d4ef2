//! The IO layer: which directories are WIT packages, and reading a package's files and
//! `deps/` into the plain data the analysis core takes.
//!
//! The project file `wit-lsp.toml` is found and read here too ([`config`]).
//!
//! Reading goes through [`FileReader`], so the language server can lay the editor's unsaved
//! text over the disk and cache what it read, while `check` reads the disk directly.

pub mod baseline;
pub mod config;
mod discover;
mod git;
mod load;

pub use discover::{PackageRoot, discover_packages, package_root_for_file};
pub use git::GitReader;
pub use load::{DiskReader, EntryKind, FileReader, load_package};

//! Which directories are WIT packages.
//!
//! A directory that directly holds `*.wit` files is a package (this covers the `wit/` folder
//! of a cargo-component project); its `deps/` holds dependencies, not packages of their own.
//! A directory without `*.wit` files is searched for packages below it, skipping build
//! output and hidden folders. Walking never follows a symlink cycle and stops at a fixed depth.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use wit_analysis::PackageKind;

use crate::{EntryKind, FileReader};

/// A package: its directory or, for a standalone file, the file.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PackageRoot {
    pub path: PathBuf,
    pub kind: PackageKind,
}

/// Directories never searched for packages.
const SKIPPED_DIRECTORIES: &[&str] = &["deps", "target", "node_modules", "out", "dist"];
const MAX_DEPTH: usize = 24;

/// Finds the packages at or below `path`. A `.wit` file is a single-file package, a
/// `.wasm`/`.wat` file an encoded package; a
/// directory with `*.wit` files is a package; any other directory is searched below.
pub fn discover_packages(
    reader: &dyn FileReader,
    path: &Path,
) -> std::io::Result<Vec<PackageRoot>> {
    let mut found = Vec::new();
    let entries = match reader.read_dir(path) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotADirectory => {
            let encoded = matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("wasm" | "wat")
            );
            return Ok(vec![PackageRoot {
                path: path.to_path_buf(),
                kind: if encoded {
                    PackageKind::Encoded
                } else {
                    PackageKind::SingleFile
                },
            }]);
        }
        Err(error) => return Err(error),
    };
    let mut visited = HashSet::new();
    visited.insert(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()));
    walk(reader, path, entries, 0, &mut visited, &mut found);
    found.sort();
    Ok(found)
}

fn walk(
    reader: &dyn FileReader,
    dir: &Path,
    entries: Vec<(PathBuf, EntryKind)>,
    depth: usize,
    visited: &mut HashSet<PathBuf>,
    found: &mut Vec<PackageRoot>,
) {
    let holds_wit = entries.iter().any(|(path, kind)| {
        matches!(kind, EntryKind::File | EntryKind::BrokenLink)
            && path.extension().and_then(|e| e.to_str()) == Some("wit")
    });
    if holds_wit {
        found.push(PackageRoot {
            path: dir.to_path_buf(),
            kind: PackageKind::Directory,
        });
        return;
    }
    if depth >= MAX_DEPTH {
        return;
    }
    let mut subdirectories: Vec<PathBuf> = entries
        .into_iter()
        .filter(|(_, kind)| *kind == EntryKind::Directory)
        .map(|(path, _)| path)
        .filter(|path| {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            !name.starts_with('.') && !SKIPPED_DIRECTORIES.contains(&name)
        })
        .collect();
    subdirectories.sort();
    for subdirectory in subdirectories {
        // Canonical paths break symlink cycles.
        let canonical =
            std::fs::canonicalize(&subdirectory).unwrap_or_else(|_| subdirectory.clone());
        if !visited.insert(canonical) {
            continue;
        }
        // Unreadable directories are skipped here; `check` reports explicit paths it cannot read.
        if let Ok(entries) = reader.read_dir(&subdirectory) {
            walk(reader, &subdirectory, entries, depth + 1, visited, found);
        }
    }
}

/// The package a `.wit` file belongs to, from its location alone: `X/deps/a.wit` and
/// `X/deps/a/b.wit` belong to package `X` (as dependencies), any other file to its directory.
pub fn package_root_for_file(file: &Path) -> PackageRoot {
    let Some(dir) = file.parent() else {
        return PackageRoot {
            path: file.to_path_buf(),
            kind: PackageKind::SingleFile,
        };
    };
    let name_of = |path: &Path| path.file_name().and_then(|n| n.to_str()).map(str::to_owned);
    if name_of(dir).as_deref() == Some("deps")
        && let Some(package) = dir.parent()
    {
        return PackageRoot {
            path: package.to_path_buf(),
            kind: PackageKind::Directory,
        };
    }
    if let Some(deps) = dir.parent()
        && name_of(deps).as_deref() == Some("deps")
        && let Some(package) = deps.parent()
    {
        return PackageRoot {
            path: package.to_path_buf(),
            kind: PackageKind::Directory,
        };
    }
    PackageRoot {
        path: dir.to_path_buf(),
        kind: PackageKind::Directory,
    }
}

//! Package discovery and loading, on real temporary directories and through a reader that
//! fails the way a directory without read permission does.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use wit_analysis::{DependencySource, FileContents, PackageKind};
use wit_project::{
    DiskReader, EntryKind, FileReader, PackageRoot, discover_packages, load_package,
    package_root_for_file,
};

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn discovery_finds_package_directories_and_cargo_wit_folders_but_not_deps() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(&root.join("a/wit/world.wit"), "package a:a;\n");
    write(&root.join("a/wit/deps/x/x.wit"), "package x:x;\n");
    write(&root.join("b/b.wit"), "package b:b;\n");
    write(&root.join("target/wasm32-wasip2/c.wit"), "package c:c;\n");
    write(&root.join(".hidden/h.wit"), "package h:h;\n");
    write(&root.join("readme.md"), "not wit\n");
    let found = discover_packages(&DiskReader, root).unwrap();
    let paths: Vec<PathBuf> = found
        .iter()
        .map(|r| r.path.strip_prefix(root).unwrap().to_path_buf())
        .collect();
    assert_eq!(paths, [PathBuf::from("a/wit"), PathBuf::from("b")]);
    assert!(found.iter().all(|r| r.kind == PackageKind::Directory));

    let single = discover_packages(&DiskReader, &root.join("b/b.wit")).unwrap();
    assert_eq!(single[0].kind, PackageKind::SingleFile);
}

#[test]
fn files_belong_to_the_package_above_deps() {
    let p = |s: &str| PathBuf::from(s);
    let dir = |s: &str| PackageRoot {
        path: p(s),
        kind: PackageKind::Directory,
    };
    assert_eq!(
        package_root_for_file(Path::new("/w/pkg/world.wit")),
        dir("/w/pkg")
    );
    assert_eq!(
        package_root_for_file(Path::new("/w/pkg/deps/io.wit")),
        dir("/w/pkg")
    );
    assert_eq!(
        package_root_for_file(Path::new("/w/pkg/deps/io/streams.wit")),
        dir("/w/pkg")
    );
}

#[test]
fn dependencies_load_sorted_by_name_in_every_form() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(&root.join("world.wit"), "package app:main;\n");
    write(&root.join("deps/zeta/z.wit"), "package z:z;\n");
    write(&root.join("deps/alpha.wit"), "package a:a;\n");
    write(&root.join("deps/mid.wat"), "(component)\n");
    write(&root.join("deps/.DS_Store"), "junk");
    let sources = load_package(
        &DiskReader,
        &PackageRoot {
            path: root.to_path_buf(),
            kind: PackageKind::Directory,
        },
    );
    let names: Vec<String> = sources
        .dependencies
        .iter()
        .map(|d| d.path().file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["alpha.wit", "mid.wat", "zeta"]);
    assert!(matches!(
        sources.dependencies[1],
        DependencySource::Wasm { .. }
    ));
    assert!(matches!(
        sources.dependencies[2],
        DependencySource::Directory { .. }
    ));
}

/// A reader where one directory cannot be listed, as without read permission (tests run as
/// root in CI, where `chmod 000` does not stop reads, so the failure is injected here).
struct DeniedDirectory {
    denied: PathBuf,
}

impl FileReader for DeniedDirectory {
    fn read(&self, path: &Path) -> io::Result<Arc<[u8]>> {
        DiskReader.read(path)
    }
    fn read_dir(&self, path: &Path) -> io::Result<Vec<(PathBuf, EntryKind)>> {
        if path == self.denied {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                "Permission denied (os error 13)",
            ));
        }
        DiskReader.read_dir(path)
    }
}

#[test]
fn an_unreadable_directory_becomes_a_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        &root.join("world.wit"),
        "package app:main;\nworld w { import d:d/i; }\n",
    );
    write(&root.join("deps/d/i.wit"), "package d:d;\ninterface i {}\n");

    let reader = DeniedDirectory {
        denied: root.join("deps/d"),
    };
    let sources = load_package(
        &reader,
        &PackageRoot {
            path: root.to_path_buf(),
            kind: PackageKind::Directory,
        },
    );
    let analysis =
        wit_analysis::analyze_package(&sources, &Default::default(), &mut Default::default());
    assert_eq!(analysis.diagnostics.len(), 1, "{:?}", analysis.diagnostics);
    assert_eq!(analysis.diagnostics[0].code.as_str(), "unreadable");
    assert!(
        analysis.diagnostics[0]
            .message
            .contains("Permission denied")
    );

    let reader = DeniedDirectory {
        denied: root.to_path_buf(),
    };
    let sources = load_package(
        &reader,
        &PackageRoot {
            path: root.to_path_buf(),
            kind: PackageKind::Directory,
        },
    );
    assert!(sources.read_error.is_some());
    let analysis =
        wit_analysis::analyze_package(&sources, &Default::default(), &mut Default::default());
    assert_eq!(analysis.diagnostics[0].code.as_str(), "unreadable");
}

#[test]
fn file_contents_keep_the_valid_prefix_of_non_utf8_text() {
    let contents = FileContents::from_bytes(b"ab\xffcd".to_vec());
    assert!(contents.text().is_none());
    assert_eq!(&*contents.text_for_positions(), "ab");
}

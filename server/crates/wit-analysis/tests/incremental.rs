//! What an edit of one file costs, counted (not timed): the files parsed again and the
//! files indexed again after a one-file edit, for packages of 4 and of 40 files with a
//! `deps/` package. Parsing must stay at the edited file whatever the package's size, and
//! `deps/` must not be indexed again.

use std::path::PathBuf;

use wit_analysis::ide::snapshot::{Snapshot, SyntaxCache};
use wit_analysis::{DependencySource, FileContents, PackageKind, PackageSources, SourceFile};

fn file(path: &str, text: String) -> SourceFile {
    SourceFile {
        path: PathBuf::from(path),
        contents: FileContents::from_bytes(text.into_bytes()),
    }
}

/// A package of `count` files, each an interface that uses a type of the previous one and
/// of the dependency.
fn sources(count: usize, edited_text: &str) -> PackageSources {
    let files = (0..count)
        .map(|k| {
            let mut text =
                format!("package demo:big;\n\ninterface i{k} {{\n    use dep:lib/types.{{t}};\n");
            if k > 0 {
                text.push_str(&format!("    use i{}.{{r{}}};\n", k - 1, k - 1));
            }
            text.push_str(&format!("    record r{k} {{ a: t }}\n}}\n"));
            if k == count / 2 {
                text.push_str(edited_text);
            }
            file(&format!("/p/f{k:03}.wit"), text)
        })
        .collect();
    let dependency = DependencySource::Directory {
        path: PathBuf::from("/p/deps/lib"),
        files: vec![file(
            "/p/deps/lib/types.wit",
            "package dep:lib;\n\ninterface types {\n    type t = u32;\n}\n".to_string(),
        )],
    };
    PackageSources {
        root: PathBuf::from("/p"),
        kind: PackageKind::Directory,
        files,
        dependencies: vec![dependency],
        read_error: None,
    }
}

/// (files parsed, files indexed) by one edit of the middle file, after a first snapshot.
fn cost_of_one_edit(count: usize) -> (usize, usize) {
    let mut cache = SyntaxCache::default();
    let first = Snapshot::build(&sources(count, ""), &mut cache);
    assert!(
        first.index.unresolved.is_empty(),
        "{:?}",
        first.index.unresolved
    );
    let (parsed, indexed) = (cache.parse_count(), cache.indexed_file_count());
    assert_eq!(
        parsed,
        count + 1,
        "the first snapshot parses every file once"
    );
    let edited = Snapshot::build(&sources(count, "// an edit\n"), &mut cache);
    assert!(edited.index.unresolved.is_empty());
    (
        cache.parse_count() - parsed,
        cache.indexed_file_count() - indexed,
    )
}

#[test]
fn an_edit_of_one_file_parses_only_that_file_and_leaves_deps_indexed() {
    let (small_parsed, small_indexed) = cost_of_one_edit(4);
    let (large_parsed, large_indexed) = cost_of_one_edit(40);
    assert_eq!(small_parsed, 1);
    assert_eq!(
        large_parsed, 1,
        "parses after a one-file edit grow with the package"
    );
    // `deps/` is not indexed again. (The package's own files all are: indexing is not
    // yet proportional to the edit, which is why this bounds and does not pin it.)
    assert!(small_indexed <= 4, "{small_indexed}");
    assert!(large_indexed <= 40, "{large_indexed}");
}

#[test]
fn an_unchanged_text_reuses_the_snapshot() {
    let mut cache = SyntaxCache::default();
    let first = Snapshot::build(&sources(10, ""), &mut cache);
    let (parsed, indexed) = (cache.parse_count(), cache.indexed_file_count());
    let again = Snapshot::build(&sources(10, ""), &mut cache);
    assert!(std::sync::Arc::ptr_eq(&first, &again));
    assert_eq!(
        (cache.parse_count(), cache.indexed_file_count()),
        (parsed, indexed)
    );
}

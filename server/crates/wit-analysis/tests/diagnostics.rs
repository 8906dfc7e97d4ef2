//! Diagnostics of whole packages, from text fixtures. A fixture is several files, each after
//! a `//- /path` header; files under `/pkg/deps/` are dependencies of the package `/pkg`.
//! Expectations are snapshots (`UPDATE_EXPECT=1 cargo test -p wit-analysis` refreshes them).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use expect_test::{Expect, expect};
use wit_analysis::{
    AnalysisCache, ColumnEncoding, DependencySource, Features, FileContents, LineIndex,
    PackageKind, PackageSources, SourceFile, analyze_package,
};

fn parse_fixture(fixture: &str) -> Vec<(PathBuf, String)> {
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    for line in fixture.split_inclusive('\n') {
        if let Some(path) = line.strip_prefix("//- ") {
            files.push((PathBuf::from(path.trim()), String::new()));
        } else if let Some((_, text)) = files.last_mut() {
            text.push_str(line);
        }
    }
    files
}

fn sources(fixture: &str) -> PackageSources {
    let files = parse_fixture(fixture);
    let text = |t: &str| FileContents::Text(Arc::from(t));
    let root = PathBuf::from("/pkg");
    let deps = root.join("deps");
    let mut package_files = Vec::new();
    let mut dependencies: Vec<DependencySource> = Vec::new();
    for (path, contents) in files {
        let file = SourceFile {
            path: path.clone(),
            contents: text(&contents),
        };
        match path.strip_prefix(&deps) {
            Err(_) => package_files.push(file),
            Ok(rest) if rest.components().count() == 1 => {
                dependencies.push(DependencySource::WitFile(file))
            }
            Ok(rest) => {
                let dir = deps.join(rest.components().next().unwrap());
                match dependencies.iter_mut().find(|d| d.path() == dir.as_path()) {
                    Some(DependencySource::Directory { files, .. }) => files.push(file),
                    _ => dependencies.push(DependencySource::Directory {
                        path: dir,
                        files: vec![file],
                    }),
                }
            }
        }
    }
    package_files.sort_by(|a, b| a.path.cmp(&b.path));
    dependencies.sort_by(|a, b| a.path().file_name().cmp(&b.path().file_name()));
    PackageSources {
        root,
        kind: PackageKind::Directory,
        files: package_files,
        dependencies,
        read_error: None,
    }
}

fn render(sources: &PackageSources, features: &Features) -> String {
    let analysis = analyze_package(sources, features, &mut AnalysisCache::default());
    render_analysis(sources, &analysis)
}

fn render_analysis(sources: &PackageSources, analysis: &wit_analysis::PackageAnalysis) -> String {
    let text_of = |path: &Path| -> Arc<str> {
        sources
            .all_files()
            .find(|f| f.path == path)
            .map(|f| f.contents.text_for_positions())
            .unwrap_or_else(|| Arc::from(""))
    };
    let mut out = String::new();
    for d in &analysis.diagnostics {
        let index = LineIndex::new(text_of(&d.path));
        let start = index.line_col(d.range.start, ColumnEncoding::Utf8);
        let end = index.line_col(d.range.end, ColumnEncoding::Utf8);
        let snippet = index.text().get(d.range.clone()).unwrap_or_default();
        out.push_str(&format!(
            "{}:{}:{}-{}:{} {} `{}`: {}\n",
            d.path.display(),
            start.line + 1,
            start.col + 1,
            end.line + 1,
            end.col + 1,
            d.code.as_str(),
            snippet,
            d.message.replace('\n', " | ")
        ));
        for r in &d.related {
            out.push_str(&format!(
                "    related {} {:?}: {}\n",
                r.path.display(),
                r.range,
                r.message.lines().next().unwrap_or_default()
            ));
        }
    }
    if analysis.resolved.is_some() {
        out.push_str("resolved\n");
    }
    out
}

fn check(fixture: &str, expect: Expect) {
    expect.assert_eq(&render(&sources(fixture), &Features::default()));
}

#[test]
fn clean_package_with_directory_and_file_dependencies_resolves() {
    check(
        r#"
//- /pkg/world.wit
package app:main;
world app {
    import dep:a/api;
    import dep:b/api;
}
//- /pkg/deps/a/api.wit
package dep:a;
interface api { f: func(); }
//- /pkg/deps/b.wit
package dep:b;
interface api { use dep:a/api.{}; g: func(); }
"#,
        expect![[r#"
            resolved
        "#]],
    );
}

#[test]
fn syntax_error_points_at_the_unexpected_token() {
    check(
        r#"
//- /pkg/a.wit
package app:main;
interface i {
    f: func()
    g: func();
}
"#,
        expect![[r#"
            /pkg/a.wit:4:5-4:6 syntax `g`: expected ';', found an identifier
        "#]],
    );
}

#[test]
fn unknown_type_names_itself_and_its_range() {
    check(
        r#"
//- /pkg/a.wit
package app:main;
interface i {
    record point { x: u32 }
    f: func(p: pointt);
}
"#,
        expect![[r#"
            /pkg/a.wit:4:16-4:22 item-not-found `pointt`: name `pointt` does not exist
        "#]],
    );
}

#[test]
fn error_in_a_dependency_is_also_reported_where_the_package_uses_it() {
    check(
        r#"
//- /pkg/world.wit
package app:main;
interface i {
    // dep:shapes/types is mentioned here in a comment, which is not a use site.
    use dep:shapes/types.{circle};
}
//- /pkg/deps/shapes/types.wit
package dep:shapes;
interface types { record circle { r: f33 } }
"#,
        expect![[r#"
            /pkg/deps/shapes/types.wit:2:38-2:41 item-not-found `f33`: type `f33` does not exist
            /pkg/world.wit:4:9-4:25 dependency-error `dep:shapes/types`: dependency `dep:shapes` has an error: type `f33` does not exist
                related /pkg/deps/shapes/types.wit 57..60: type `f33` does not exist
        "#]],
    );
}

#[test]
fn error_in_a_transitive_dependency_is_reported_on_the_direct_dependency_use() {
    check(
        r#"
//- /pkg/world.wit
package app:main;
world w { import dep:outer/api; }
//- /pkg/deps/outer.wit
package dep:outer;
interface api { use dep:inner/types.{t}; f: func(x: t); }
//- /pkg/deps/inner.wit
package dep:inner;
interface types { type t = bogus; }
"#,
        expect![[r#"
            /pkg/deps/inner.wit:2:28-2:33 item-not-found `bogus`: type `bogus` does not exist
            /pkg/world.wit:2:18-2:31 dependency-error `dep:outer/api`: dependency `dep:outer` has an error: type `bogus` does not exist
                related /pkg/deps/inner.wit 46..51: type `bogus` does not exist
        "#]],
    );
}

#[test]
fn missing_package_lists_what_is_known() {
    check(
        r#"
//- /pkg/world.wit
package app:main;
world w { import wasi:io/streams@0.2.0; }
"#,
        expect![[r#"
            /pkg/world.wit:2:18-2:25 package-not-found `wasi:io`: package 'wasi:io@0.2.0' not found. known packages: |     app:main
        "#]],
    );
}

#[test]
fn duplicate_package_points_at_both_definitions() {
    check(
        r#"
//- /pkg/world.wit
package app:main;
world w { import dep:a/api; }
//- /pkg/deps/a1.wit
package dep:a;
interface api {}
//- /pkg/deps/a2.wit
package dep:a;
interface api {}
"#,
        expect![[r#"
            /pkg/deps/a2.wit:1:9-1:14 duplicate-package `dep:a`: package `dep:a` is defined in two different locations
                related /pkg/deps/a1.wit 8..13: package `dep:a` is also defined here
            /pkg/world.wit:2:18-2:27 dependency-error `dep:a/api`: dependency `dep:a` has an error: package `dep:a` is defined in two different locations
                related /pkg/deps/a2.wit 8..13: package `dep:a` is defined in two different locations
        "#]],
    );
}

#[test]
fn not_utf8_and_unreadable_files_are_diagnostics() {
    let mut sources = sources("//- /pkg/a.wit\npackage a:b;\n");
    sources.files.push(SourceFile {
        path: PathBuf::from("/pkg/b.wit"),
        contents: FileContents::from_bytes(b"package a:b;\n\xff\xfe".to_vec()),
    });
    sources.files.push(SourceFile {
        path: PathBuf::from("/pkg/c.wit"),
        contents: FileContents::Unreadable("permission denied".into()),
    });
    expect![[r#"
        /pkg/b.wit:2:1-2:1 invalid-utf8 ``: this file is not valid UTF-8 (first invalid byte at offset 13); WIT files must be UTF-8
        /pkg/c.wit:1:1-1:1 unreadable ``: cannot read /pkg/c.wit: permission denied
    "#]]
    .assert_eq(&render(&sources, &Features::default()));
}

#[test]
fn unstable_features_are_enabled_by_name_or_all() {
    let fixture = r#"
//- /pkg/a.wit
package a:b;
interface i {
    @unstable(feature = fancy)
    type t = u32;
    f: func(x: t);
}
"#;
    let off = render(&sources(fixture), &Features::default());
    assert!(
        off.contains("excluded due to its feature not being activated"),
        "{off}"
    );
    let on = render(&sources(fixture), &Features::from_list("other, fancy"));
    assert_eq!(on, "resolved\n");
    let all = render(
        &sources(fixture),
        &Features {
            all: true,
            names: vec![],
        },
    );
    assert_eq!(all, "resolved\n");
}

#[test]
fn empty_package_reports_the_missing_header_on_its_file() {
    check(
        "//- /pkg/a.wit\n",
        expect![[r#"
            /pkg/a.wit:1:1-1:1 syntax ``: no `package` header was found in any WIT file for this package
        "#]],
    );
}

#[test]
fn dependencies_are_parsed_once_while_only_the_package_changes() {
    let fixture = r#"
//- /pkg/world.wit
package app:main;
world w { import dep:a/api; }
//- /pkg/deps/a/api.wit
package dep:a;
interface api { f: func(); }
"#;
    let mut cache = AnalysisCache::default();
    let first = sources(fixture);
    assert!(
        analyze_package(&first, &Features::default(), &mut cache)
            .resolved
            .is_some()
    );
    assert_eq!(cache.cached_dependency_count(), 1);
    let mut edited = first.clone();
    edited.files[0].contents = FileContents::Text(Arc::from(
        "package app:main;\nworld w { import dep:a/api; export run: func(); }\n",
    ));
    assert!(
        analyze_package(&edited, &Features::default(), &mut cache)
            .resolved
            .is_some()
    );
    // Same dependency text: reused, not parsed again.
    assert_eq!(cache.cached_dependency_count(), 1);
    // Breaking the dependency is still seen through the cache.
    let mut broken = edited.clone();
    if let DependencySource::Directory { files, .. } = &mut broken.dependencies[0] {
        files[0].contents =
            FileContents::Text(Arc::from("package dep:a;\ninterface api { f: func() }\n"));
    }
    let analysis = analyze_package(&broken, &Features::default(), &mut cache);
    assert!(analysis.resolved.is_none());
    assert_eq!(
        analysis.diagnostics[0].path,
        PathBuf::from("/pkg/deps/a/api.wit"),
        "{:?}",
        analysis.diagnostics
    );
    assert_eq!(
        analysis.diagnostics[0].code.as_str(),
        "syntax",
        "{:?}",
        analysis.diagnostics
    );
}

/// The whole check (`check_package`): wit-parser's diagnostics and the lints of the
/// package's own files, as the editor and `wit-lsp check` report them.
fn check_whole(fixture: &str, expect: Expect) {
    let sources = sources(fixture);
    let analysis = wit_analysis::check_package(
        &sources,
        &Features::default(),
        &mut AnalysisCache::default(),
        &std::sync::Mutex::default(),
        &|| false,
    )
    .expect("not cancelled");
    expect.assert_eq(&render_analysis(&sources, &analysis));
}

#[test]
fn the_whole_check_adds_the_lints_to_wit_parser_diagnostics() {
    check_whole(
        r#"
//- /pkg/a.wit
package demo:app@0.2.0;

interface types {
    type id = u64;
    type name = string;
    @since(version = 0.1.0)
    @deprecated(version = 0.2.0)
    type old = u8;
}

interface api {
    use types.{id, name, old};
    get: func(key: id) -> old;
}
//- /pkg/deps/lib/lib.wit
package demo:lib;

interface unused {
    type t = u8;
}

interface user {
    use unused.{t};
}
"#,
        expect![[r#"
            /pkg/a.wit:12:20-12:24 unused-use `name`: `name` is brought in by `use` but never used
            /pkg/a.wit:12:26-12:29 deprecated `old`: `old` is deprecated (@deprecated(version = 0.2.0))
            /pkg/a.wit:13:27-13:30 deprecated `old`: `old` is deprecated (@deprecated(version = 0.2.0))
            resolved
        "#]],
    );
}

#[test]
fn a_cancelled_check_stops_before_the_lints() {
    let sources = sources("//- /pkg/a.wit\npackage demo:app;\ninterface i { use i.{}; }\n");
    let analysis = wit_analysis::check_package(
        &sources,
        &Features::default(),
        &mut AnalysisCache::default(),
        &std::sync::Mutex::default(),
        &|| true,
    );
    assert!(analysis.is_none());
}

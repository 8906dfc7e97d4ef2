//! Rename and prepare-rename on fixtures.

#[path = "ide/corpus.rs"]
mod corpus;
#[path = "ide/fixture.rs"]
mod fixture;

use corpus::{BROKEN, VALID, with_cursor};
use expect_test::{Expect, expect};
use fixture::Fixture;
use wit_analysis::ide::rename::{prepare_rename, rename, rename_in_dependent, rename_site};

fn check(fixture: &str, new_name: &str, expect: Expect) {
    let fixture = Fixture::parse(fixture);
    let (path, offset) = fixture.cursor();
    let rendered = match rename(&fixture.snapshot, path, offset, new_name) {
        Ok(edits) => fixture.render_edits(&edits),
        Err(error) => format!("refused: {error}"),
    };
    expect.assert_eq(&rendered);
}

fn check_prepare(fixture: &str, expect: Expect) {
    let fixture = Fixture::parse(fixture);
    let (path, offset) = fixture.cursor();
    let rendered = match prepare_rename(&fixture.snapshot, path, offset) {
        Ok((range, text)) => format!("{} {text}", fixture.render_range(path, &range)),
        Err(error) => format!("refused: {error}"),
    };
    expect.assert_eq(&rendered);
}

#[test]
fn rename_a_record_everywhere() {
    check(
        &with_cursor(VALID, "/pkg/types.wit", "body {", 0),
        "payload",
        expect![[r#"
        types.wit 185..189 "body" -> payload
        types.wit 268..272 "body" -> payload
        types.wit 353..357 "body" -> payload
        types.wit 443..447 "body" -> payload
        world.wit 107..111 "body" -> payload
        world.wit 139..143 "body" -> payload"#]],
    );
}

#[test]
fn rename_an_interface_used_from_another_file() {
    check(
        &with_cursor(VALID, "/pkg/world.wit", "export $0types", 0),
        "api",
        expect![[r#"
        types.wit 36..41 "types" -> api
        world.wit 85..90 "types" -> api
        world.wit 100..105 "types" -> api"#]],
    );
}

#[test]
fn rename_a_use_alias_keeps_the_original() {
    check(
        &with_cursor(VALID, "/pkg/types.wit", "sink: $0out", 0),
        "sink-stream",
        expect![[r#"
        types.wit 106..109 "out" -> sink-stream
        types.wit 234..237 "out" -> sink-stream"#]],
    );
}

#[test]
fn rename_refuses_vendored_items() {
    check(
        &with_cursor(VALID, "/pkg/types.wit", "data: $0input-stream", 0),
        "reader",
        expect![
            "refused: `input-stream` is defined in /pkg/deps/io/streams.wit, a vendored dependency under deps/; it is not renamed"
        ],
    );
}

#[test]
fn rename_refuses_keywords_unless_escaped() {
    check(
        &with_cursor(VALID, "/pkg/types.wit", "body {", 0),
        "record",
        expect!["refused: `record` is a WIT keyword; write `%record` to use it as a name"],
    );
    check(
        &with_cursor(VALID, "/pkg/types.wit", "twice =", 0),
        "%record",
        expect![[r#"
        types.wit 283..288 "twice" -> %record
        types.wit 590..595 "twice" -> %record"#]],
    );
}

#[test]
fn rename_refuses_invalid_names_and_clashes() {
    check(
        &with_cursor(VALID, "/pkg/types.wit", "body {", 0),
        "Not_Kebab",
        expect![
            "refused: `Not_Kebab` is not a WIT identifier: use kebab-case words of letters and digits, each starting with a letter (e.g. `my-name`)"
        ],
    );
    check(
        &with_cursor(VALID, "/pkg/types.wit", "body {", 0),
        "twice",
        expect!["refused: `twice` is already defined in this scope"],
    );
}

#[test]
fn rename_in_a_broken_file() {
    check(
        &with_cursor(BROKEN, "/pkg/types.wit", "b: $0body", 0),
        "payload",
        expect![[r#"
        types.wit 101..105 "body" -> payload
        types.wit 190..194 "body" -> payload"#]],
    );
}

#[test]
fn prepare_rename_on_a_reference() {
    check_prepare(
        &with_cursor(VALID, "/pkg/world.wit", "b: $0body", 0),
        expect![[r#"world.wit 139..143 "body" body"#]],
    );
}

#[test]
fn prepare_rename_refuses_a_dependency_item_in_a_broken_file() {
    check_prepare(
        &with_cursor(BROKEN, "/pkg/types.wit", "data: $0input-stream", 0),
        expect![
            "refused: `input-stream` is defined in /pkg/deps/io/streams.wit, a vendored dependency under deps/; it is not renamed"
        ],
    );
}

/// A package whose deps/ entry links to another package of the workspace: renaming an item
/// there edits this package's references to it, and none of the linked files (the rename in
/// their own package edits those).
fn check_dependent(
    fixture: &str,
    dependency_file: &str,
    name: &str,
    new_name: &str,
    expect: Expect,
) {
    let fixture = Fixture::parse(fixture);
    let path = std::path::Path::new(dependency_file);
    let text = fixture
        .snapshot
        .files
        .iter()
        .find(|file| file.path == path)
        .expect("the dependency file")
        .text
        .clone();
    let name_start = text.find(name).expect("the name");
    let edits = rename_in_dependent(&fixture.snapshot, path, name_start, new_name);
    let rendered = fixture.render_edits(&edits);
    expect.assert_eq(&rendered);
}

const LINKED: &str = r#"
//- /pkg/world.wit
package demo:app;

world app {
    use demo:lib/types.{point, shape as form};
    import draw: func(p: point, s: form) -> list<point>;
}
//- /pkg/deps/lib/types.wit
package demo:lib;

interface types {
    record point { x: u32 }
    variant shape { dot(point) }
}
"#;

#[test]
fn rename_reaches_packages_that_link_the_renamed_package_in_deps() {
    check_dependent(
        LINKED,
        "/pkg/deps/lib/types.wit",
        "point {",
        "spot",
        expect![[r#"
            world.wit 55..60 "point" -> spot
            world.wit 103..108 "point" -> spot
            world.wit 127..132 "point" -> spot"#]],
    );
    // An aliased use keeps its alias: only the name it imports changes.
    check_dependent(
        LINKED,
        "/pkg/deps/lib/types.wit",
        "shape {",
        "figure",
        expect![[r#"world.wit 62..67 "shape" -> figure"#]],
    );
    // In the package itself the same item is vendored, so a rename there is refused, but
    // its site is known.
    let fixture = Fixture::parse(&with_cursor(LINKED, "/pkg/world.wit", "p: $0point", 0));
    let (path, offset) = fixture.cursor();
    assert!(rename_site(&fixture.snapshot, path, offset).is_err());
}

#[test]
fn rename_in_a_dependent_broken_package() {
    let broken = LINKED.replace("-> list<point>;", "-> list<point");
    check_dependent(
        &broken,
        "/pkg/deps/lib/types.wit",
        "point {",
        "spot",
        expect![[r#"
            world.wit 55..60 "point" -> spot
            world.wit 103..108 "point" -> spot
            world.wit 127..132 "point" -> spot"#]],
    );
}

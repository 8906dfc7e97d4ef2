//! `include w with { a as b }`: `a` is a reference to the import or export of `w` (hover,
//! definition, references and rename go through it), `b` a new name in the including world.
//! The index agrees with wit-parser on which `with` names exist.

#[path = "ide/fixture.rs"]
mod fixture;

use expect_test::{Expect, expect};
use fixture::Fixture;
use wit_analysis::ide::hover::hover;
use wit_analysis::ide::navigation::{find_references, goto_definition};
use wit_analysis::ide::rename::rename;

/// Worlds including each other with renames, locally and from a dependency.
const WORLDS: &str = r#"
//- /pkg/worlds.wit
package demo:app;

interface types {
    record point { x: u32 }
}

world base {
    use types.{point};
    /// Says hello.
    import greet: func(name: string);
    import store: interface {
        get: func() -> u32;
    }
    export run: func(p: point);
}

world middle {
    include base with { greet as hello, point as spot }
}

world app {
    include middle with { hello as hi, store as kv, run as start }
    include wasi:io/imports@0.2.0 with { log as io-log }
}
//- /pkg/deps/io/world.wit
package wasi:io@0.2.0;

world imports {
    import log: func(msg: string);
}
"#;

/// The same package half-typed: a name the world does not have, a `with` list cut short.
const BROKEN_WORLDS: &str = r#"
//- /pkg/worlds.wit
package demo:app;

world base {
    import greet: func(name: string);
    export run: func();
}

world app {
    include base with { greet as hello, missing as other }
}

world cut {
    include base with { run as
"#;

/// The fixture with the cursor at the start of the `nth` `needle` in `/pkg/worlds.wit`.
fn at(fixture: &str, needle: &str, nth: usize) -> String {
    let header = "//- /pkg/worlds.wit\n";
    let start = fixture.find(header).expect("the file is in the fixture") + header.len();
    let offset = fixture[start..]
        .match_indices(needle)
        .nth(nth)
        .map(|(i, _)| start + i)
        .expect("the needle is in the file");
    format!("{}$0{}", &fixture[..offset], &fixture[offset..])
}

fn check_definition(fixture: &str, expect: Expect) {
    let fixture = Fixture::parse(fixture);
    let (path, offset) = fixture.cursor();
    let rendered: Vec<String> = goto_definition(&fixture.snapshot, path, offset)
        .iter()
        .map(|t| fixture.render_location(&t.focus))
        .collect();
    expect.assert_eq(&rendered.join("\n"));
}

fn check_references(fixture: &str, expect: Expect) {
    let fixture = Fixture::parse(fixture);
    let (path, offset) = fixture.cursor();
    let rendered: Vec<String> = find_references(&fixture.snapshot, path, offset, true)
        .iter()
        .map(|l| fixture.render_location(l))
        .collect();
    expect.assert_eq(&rendered.join("\n"));
}

fn check_hover(fixture: &str, expect: Expect) {
    let fixture = Fixture::parse(fixture);
    let (path, offset) = fixture.cursor();
    let rendered = fixture.render_hover(path, hover(&fixture.snapshot, path, offset));
    expect.assert_eq(&rendered);
}

fn check_rename(fixture: &str, new_name: &str, expect: Expect) {
    let fixture = Fixture::parse(fixture);
    let (path, offset) = fixture.cursor();
    let rendered = match rename(&fixture.snapshot, path, offset, new_name) {
        Ok(edits) => fixture.render_edits(&edits),
        Err(error) => format!("refused: {error}"),
    };
    expect.assert_eq(&rendered);
}

/// The names the index could not resolve, as `name` lines.
fn unresolved_names(fixture: &str) -> Vec<String> {
    let fixture = Fixture::parse(fixture);
    let mut names: Vec<String> = fixture
        .snapshot
        .index
        .unresolved
        .iter()
        .map(|u| u.name.clone())
        .collect();
    names.sort();
    names
}

/// The files of a fixture resolved by wit-parser (dependencies first).
fn wit_parser_result(fixture: &str) -> Result<(), String> {
    let mut resolve = wit_parser::Resolve::default();
    let mut files: Vec<(String, String)> = Vec::new();
    for chunk in fixture.split("//- ").filter(|c| !c.trim().is_empty()) {
        let (header, body) = chunk.split_once('\n').unwrap_or((chunk, ""));
        files.push((header.trim().to_string(), body.replace("$0", "")));
    }
    files.sort_by_key(|(path, _)| !path.contains("/deps/"));
    for (path, body) in files {
        resolve
            .push_source(&path, &body)
            .map_err(|error| format!("{error:#}"))?;
    }
    Ok(())
}

#[test]
fn with_name_goes_to_the_included_item() {
    check_definition(
        &at(WORLDS, "greet as", 0),
        expect![[r#"worlds.wit 135..140 "greet""#]],
    );
    // An inline interface, a used type, and a world of a dependency.
    check_definition(
        &at(WORLDS, "store as", 0),
        expect![[r#"worlds.wit 173..178 "store""#]],
    );
    check_definition(
        &at(WORLDS, "point as", 0),
        expect![[r#"worlds.wit 48..53 "point""#]],
    );
    check_definition(
        &at(WORLDS, "log as", 0),
        expect![[r#"deps/io/world.wit 51..54 "log""#]],
    );
}

#[test]
fn with_name_of_a_renamed_include_goes_through_the_new_name() {
    // `hello` in `app` names what `middle` calls `hello`: `base`'s `greet`.
    check_definition(
        &at(WORLDS, "hello as", 0),
        expect![[r#"worlds.wit 135..140 "greet""#]],
    );
    // `run` comes from `base` through `middle`, which does not rename it.
    check_definition(
        &at(WORLDS, "run as", 0),
        expect![[r#"worlds.wit 237..240 "run""#]],
    );
}

#[test]
fn new_name_is_navigable() {
    check_definition(
        &at(WORLDS, "hi,", 0),
        expect![[r#"worlds.wit 135..140 "greet""#]],
    );
    check_hover(
        &at(WORLDS, "kv,", 0),
        expect![[r#"
            worlds.wit 395..397 "kv"
            ```wit
            interface store
            ```

            `kv` is the name an `include ... with` gives of `store`

            *interface* in `demo:app/base`
        "#]],
    );
}

#[test]
fn hover_on_a_with_name_shows_the_item() {
    check_hover(
        &at(WORLDS, "greet as", 0),
        expect![[r#"
            worlds.wit 300..305 "greet"
            ```wit
            import greet: func(name: string)
            ```

            *function* in `demo:app/base`

            ---

            Says hello.
        "#]],
    );
}

#[test]
fn references_of_an_item_include_with_clauses() {
    check_references(
        &at(WORLDS, "greet:", 0),
        expect![[r#"
            worlds.wit 135..140 "greet"
            worlds.wit 300..305 "greet""#]],
    );
    check_references(
        &at(WORLDS, "run:", 0),
        expect![[r#"
            worlds.wit 237..240 "run"
            worlds.wit 399..402 "run""#]],
    );
}

#[test]
fn renaming_the_item_updates_the_with_clause() {
    check_rename(
        &at(WORLDS, "greet:", 0),
        "welcome",
        expect![[r#"
            worlds.wit 135..140 "greet" -> welcome
            worlds.wit 300..305 "greet" -> welcome"#]],
    );
    // A used type: the `use` and the `with` follow the record.
    check_rename(
        &at(WORLDS, "point {", 0),
        "coord",
        expect![[r#"
            worlds.wit 48..53 "point" -> coord
            worlds.wit 96..101 "point" -> coord
            worlds.wit 250..255 "point" -> coord
            worlds.wit 316..321 "point" -> coord"#]],
    );
}

#[test]
fn renaming_through_the_with_name_renames_the_item() {
    check_rename(
        &at(WORLDS, "greet as", 0),
        "welcome",
        expect![[r#"
            worlds.wit 135..140 "greet" -> welcome
            worlds.wit 300..305 "greet" -> welcome"#]],
    );
}

#[test]
fn renaming_a_new_name_updates_the_worlds_that_include_it() {
    check_rename(
        &at(WORLDS, "hello, point", 0),
        "salute",
        expect![[r#"
            worlds.wit 309..314 "hello" -> salute
            worlds.wit 373..378 "hello" -> salute"#]],
    );
}

#[test]
fn dependency_items_named_in_with_are_not_renamed() {
    check_rename(
        &at(WORLDS, "log as", 0),
        "logger",
        expect![
            "refused: `log` is defined in /pkg/deps/io/world.wit, a vendored dependency under deps/; it is not renamed"
        ],
    );
}

#[test]
fn valid_worlds_have_no_unresolved_names_and_wit_parser_agrees() {
    assert_eq!(wit_parser_result(WORLDS), Ok(()));
    assert_eq!(unresolved_names(WORLDS), Vec::<String>::new());
}

#[test]
fn a_name_the_world_lacks_is_unresolved_as_wit_parser_reports() {
    let fixture = r#"
//- /pkg/worlds.wit
package demo:app;

world base {
    import greet: func();
}

world app {
    include base with { greet as hello, missing as other }
}
"#;
    let error = wit_parser_result(fixture).expect_err("wit-parser rejects `missing`");
    assert!(
        error.contains("no import or export kebab-name `missing`"),
        "{error}"
    );
    assert_eq!(unresolved_names(fixture), vec!["missing".to_string()]);
}

#[test]
fn a_renamed_name_is_gone_from_the_including_world() {
    // `middle` renames `greet` to `hello`, so `greet` is not an item of `middle`.
    let fixture = r#"
//- /pkg/worlds.wit
package demo:app;

world base {
    import greet: func();
}

world middle {
    include base with { greet as hello }
}

world app {
    include middle with { greet as hi }
}
"#;
    let error = wit_parser_result(fixture).expect_err("wit-parser rejects `greet`");
    assert!(
        error.contains("no import or export kebab-name `greet`"),
        "{error}"
    );
    assert_eq!(unresolved_names(fixture), vec!["greet".to_string()]);
}

#[test]
fn labelled_imports_can_be_renamed_without_unresolved_reports() {
    let fixture = r#"
//- /pkg/worlds.wit
package demo:app;

interface store {}

world base {
    import primary: store;
}

world app {
    include base with { primary as main }
}
"#;
    assert_eq!(wit_parser_result(fixture), Ok(()));
    assert_eq!(unresolved_names(fixture), Vec::<String>::new());
}

#[test]
fn with_names_in_a_broken_file() {
    check_definition(
        &at(BROKEN_WORLDS, "greet as", 0),
        expect![[r#"worlds.wit 43..48 "greet""#]],
    );
    check_definition(
        &at(BROKEN_WORLDS, "run as", 0),
        expect![[r#"worlds.wit 81..84 "run""#]],
    );
    check_references(
        &at(BROKEN_WORLDS, "run:", 0),
        expect![[r#"
            worlds.wit 81..84 "run"
            worlds.wit 207..210 "run""#]],
    );
    check_definition(&at(BROKEN_WORLDS, "missing", 0), expect![[""]]);
    assert_eq!(unresolved_names(BROKEN_WORLDS), vec!["missing".to_string()]);
}

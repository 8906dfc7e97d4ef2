//! Go to definition / declaration / type definition, references and highlights on fixtures.

#[path = "ide/corpus.rs"]
mod corpus;
#[path = "ide/fixture.rs"]
mod fixture;

use corpus::{BROKEN, VALID, with_cursor};
use expect_test::{Expect, expect};
use fixture::Fixture;
use wit_analysis::ide::navigation::{
    document_highlight, find_references, goto_declaration, goto_definition, goto_type_definition,
};

fn check_definition(fixture: &str, expect: Expect) {
    let fixture = Fixture::parse(fixture);
    let (path, offset) = fixture.cursor();
    let targets = goto_definition(&fixture.snapshot, path, offset);
    let rendered: Vec<String> = targets
        .iter()
        .map(|t| fixture.render_location(&t.focus))
        .collect();
    expect.assert_eq(&rendered.join("\n"));
}

fn check_declaration(fixture: &str, expect: Expect) {
    let fixture = Fixture::parse(fixture);
    let (path, offset) = fixture.cursor();
    let targets = goto_declaration(&fixture.snapshot, path, offset);
    let rendered: Vec<String> = targets
        .iter()
        .map(|t| fixture.render_location(&t.focus))
        .collect();
    expect.assert_eq(&rendered.join("\n"));
}

fn check_type_definition(fixture: &str, expect: Expect) {
    let fixture = Fixture::parse(fixture);
    let (path, offset) = fixture.cursor();
    let targets = goto_type_definition(&fixture.snapshot, path, offset);
    let rendered: Vec<String> = targets
        .iter()
        .map(|t| fixture.render_location(&t.focus))
        .collect();
    expect.assert_eq(&rendered.join("\n"));
}

fn check_references(fixture: &str, include_declaration: bool, expect: Expect) {
    let fixture = Fixture::parse(fixture);
    let (path, offset) = fixture.cursor();
    let locations = find_references(&fixture.snapshot, path, offset, include_declaration);
    let rendered: Vec<String> = locations
        .iter()
        .map(|l| fixture.render_location(l))
        .collect();
    expect.assert_eq(&rendered.join("\n"));
}

fn check_highlight(fixture: &str, expect: Expect) {
    let fixture = Fixture::parse(fixture);
    let (path, offset) = fixture.cursor();
    let highlights = document_highlight(&fixture.snapshot, path, offset);
    let rendered: Vec<String> = highlights
        .iter()
        .map(|(range, kind)| format!("{kind:?} {}", fixture.render_range(path, range)))
        .collect();
    expect.assert_eq(&rendered.join("\n"));
}

#[test]
fn definition_of_a_use_item_lands_in_the_dependency() {
    check_definition(
        &with_cursor(VALID, "/pkg/types.wit", "input-stream", 0),
        expect![[r#"deps/io/streams.wit 134..146 "input-stream""#]],
    );
}

#[test]
fn definition_of_a_field_type_follows_the_use() {
    check_definition(
        &with_cursor(VALID, "/pkg/types.wit", "input-stream", 1),
        expect![[r#"deps/io/streams.wit 134..146 "input-stream""#]],
    );
}

#[test]
fn definition_through_an_as_alias_reaches_the_original() {
    check_definition(
        &with_cursor(VALID, "/pkg/types.wit", "out,", 0),
        expect![[r#"deps/io/streams.wit 226..239 "output-stream""#]],
    );
}

#[test]
fn definition_of_a_package_path_segment() {
    check_definition(
        &with_cursor(VALID, "/pkg/types.wit", "io/streams", 0),
        expect![[r#"deps/io/streams.wit 8..21 "wasi:io@0.2.0""#]],
    );
}

#[test]
fn definition_of_a_use_path_interface() {
    check_definition(
        &with_cursor(VALID, "/pkg/world.wit", "types.{", 0),
        expect![[r#"types.wit 36..41 "types""#]],
    );
}

#[test]
fn definition_on_a_broken_file() {
    check_definition(
        &with_cursor(BROKEN, "/pkg/types.wit", "data: $0input-stream", 0),
        expect![[r#"deps/io/streams.wit 57..69 "input-stream""#]],
    );
}

#[test]
fn definition_of_an_unknown_type_is_empty() {
    check_definition(
        &with_cursor(BROKEN, "/pkg/types.wit", "missing-type", 0),
        expect![[""]],
    );
}

#[test]
fn declaration_of_a_used_type_is_the_use() {
    check_declaration(
        &with_cursor(VALID, "/pkg/types.wit", "data: $0input-stream", 0),
        expect![[r#"types.wit 75..87 "input-stream""#]],
    );
}

#[test]
fn declaration_on_a_broken_file() {
    check_declaration(
        &with_cursor(BROKEN, "/pkg/types.wit", "body)", 0),
        expect![[r#"types.wit 101..105 "body""#]],
    );
}

#[test]
fn type_definition_of_a_field_follows_aliases() {
    check_type_definition(
        &with_cursor(VALID, "/pkg/types.wit", "twice,", 0),
        expect![[r#"types.wit 185..189 "body""#]],
    );
}

#[test]
fn type_definition_of_a_parameter() {
    check_type_definition(
        &with_cursor(VALID, "/pkg/types.wit", "r: borrow", 0),
        expect![[r#"types.wit 317..324 "request""#]],
    );
}

#[test]
fn type_definition_on_a_broken_file() {
    check_type_definition(
        &with_cursor(BROKEN, "/pkg/types.wit", "data:", 0),
        expect![[r#"deps/io/streams.wit 57..69 "input-stream""#]],
    );
}

#[test]
fn references_span_the_package_and_its_deps() {
    check_references(
        &with_cursor(VALID, "/pkg/deps/io/streams.wit", "input-stream", 0),
        true,
        expect![[r#"
        deps/io/streams.wit 134..146 "input-stream"
        types.wit 75..87 "input-stream"
        types.wit 206..218 "input-stream"
        types.wit 398..410 "input-stream""#]],
    );
}

#[test]
fn references_without_the_declaration() {
    check_references(
        &with_cursor(VALID, "/pkg/types.wit", "body {", 0),
        false,
        expect![[r#"
        types.wit 268..272 "body"
        types.wit 353..357 "body"
        types.wit 443..447 "body"
        world.wit 107..111 "body"
        world.wit 139..143 "body""#]],
    );
}

#[test]
fn references_of_an_interface_across_files() {
    check_references(
        &with_cursor(VALID, "/pkg/types.wit", "types {", 0),
        true,
        expect![[r#"
        types.wit 36..41 "types"
        world.wit 85..90 "types"
        world.wit 100..105 "types""#]],
    );
}

#[test]
fn references_on_a_broken_file() {
    check_references(
        &with_cursor(BROKEN, "/pkg/types.wit", "body {", 0),
        true,
        expect![[r#"
        types.wit 101..105 "body"
        types.wit 190..194 "body""#]],
    );
}

#[test]
fn highlight_marks_the_definition_and_uses() {
    check_highlight(
        &with_cursor(VALID, "/pkg/types.wit", "body {", 0),
        expect![[r#"
        Write types.wit 185..189 "body"
        Read types.wit 268..272 "body"
        Read types.wit 353..357 "body"
        Read types.wit 443..447 "body""#]],
    );
}

#[test]
fn highlight_on_a_broken_file() {
    check_highlight(
        &with_cursor(BROKEN, "/pkg/types.wit", "data: $0input-stream", 0),
        expect![[r#"
        Read types.wit 75..87 "input-stream"
        Read types.wit 122..134 "input-stream""#]],
    );
}

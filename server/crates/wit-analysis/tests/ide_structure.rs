//! Document and workspace symbols, folding, selection ranges and semantic tokens on fixtures.

#[path = "ide/corpus.rs"]
mod corpus;
#[path = "ide/fixture.rs"]
mod fixture;

use std::path::Path;

use corpus::{BROKEN, VALID, with_cursor};
use expect_test::{Expect, expect};
use fixture::Fixture;
use wit_analysis::ide::structure::{
    DocumentSymbol, TOKEN_MODIFIERS, TOKEN_TYPES, document_symbols, folding_ranges,
    selection_ranges, semantic_tokens, workspace_symbols,
};

fn render_symbols(
    fixture: &Fixture,
    path: &Path,
    symbols: &[DocumentSymbol],
    depth: usize,
    out: &mut String,
) {
    for symbol in symbols {
        out.push_str(&format!(
            "{}{:?} {}{}{} @ {}\n",
            "  ".repeat(depth),
            symbol.kind,
            symbol.name,
            symbol
                .detail
                .as_deref()
                .map(|d| format!(" [{d}]"))
                .unwrap_or_default(),
            if symbol.deprecated {
                " (deprecated)"
            } else {
                ""
            },
            fixture.render_range(path, &symbol.selection_range)
        ));
        render_symbols(fixture, path, &symbol.children, depth + 1, out);
    }
}

fn check_document_symbols(text: &str, path: &str, expect: Expect) {
    let fixture = Fixture::parse(text);
    let path = Path::new(path);
    let mut out = String::new();
    render_symbols(
        &fixture,
        path,
        &document_symbols(&fixture.snapshot, path),
        0,
        &mut out,
    );
    expect.assert_eq(&out);
}

fn check_workspace_symbols(text: &str, query: &str, expect: Expect) {
    let fixture = Fixture::parse(text);
    let rendered: Vec<String> = workspace_symbols(&fixture.snapshot, query)
        .iter()
        .map(|s| {
            format!(
                "{:?} {} in {:?} @ {}",
                s.kind,
                s.name,
                s.container,
                fixture.render_location(&s.location)
            )
        })
        .collect();
    expect.assert_eq(&rendered.join("\n"));
}

fn check_folding(text: &str, path: &str, expect: Expect) {
    let fixture = Fixture::parse(text);
    let path = Path::new(path);
    let rendered: Vec<String> = folding_ranges(&fixture.snapshot, path)
        .iter()
        .map(|(range, kind)| format!("{kind:?} {}", fixture.render_range(path, range)))
        .collect();
    expect.assert_eq(&rendered.join("\n"));
}

fn check_selection(text: &str, expect: Expect) {
    let fixture = Fixture::parse(text);
    let (path, offset) = fixture.cursor();
    let ranges = selection_ranges(&fixture.snapshot, path, &[offset]);
    let rendered: Vec<String> = ranges[0]
        .iter()
        .map(|r| fixture.render_range(path, r))
        .collect();
    expect.assert_eq(&rendered.join("\n"));
}

fn check_tokens(text: &str, path: &str, expect: Expect) {
    let fixture = Fixture::parse(text);
    let path = Path::new(path);
    let file_text = fixture.text(path);
    let rendered: Vec<String> = semantic_tokens(&fixture.snapshot, path, None)
        .iter()
        .filter(|t| TOKEN_TYPES[t.token_type as usize] != "comment")
        .map(|t| {
            let modifiers: Vec<&str> = TOKEN_MODIFIERS
                .iter()
                .enumerate()
                .filter(|(i, _)| t.modifiers & (1 << i) != 0)
                .map(|(_, m)| *m)
                .collect();
            format!(
                "{} {} {}",
                &file_text[t.range.clone()],
                TOKEN_TYPES[t.token_type as usize],
                modifiers.join(",")
            )
        })
        .collect();
    expect.assert_eq(&rendered.join("\n"));
}

#[test]
fn outline_of_a_valid_file() {
    check_document_symbols(
        VALID,
        "/pkg/types.wit",
        expect![[r#"
        Interface types @ types.wit 36..41 "types"
          Record body @ types.wit 185..189 "body"
            Field data [data: input-stream] @ types.wit 200..204 "data"
            Field sink [sink: out] @ types.wit 228..232 "sink"
          TypeAlias body-alias @ types.wit 255..265 "body-alias"
          TypeAlias twice @ types.wit 283..288 "twice"
          Resource request @ types.wit 317..324 "request"
            Constructor constructor [constructor(body: body)] @ types.wit 335..346 "constructor"
            Method body [body: func() -> option<borrow<input-stream>>] @ types.wit 368..372 "body"
            StaticMethod make [make: static func(b: body) -> request] @ types.wit 422..426 "make"
          Enum method (deprecated) @ types.wit 510..516 "method"
            EnumCase get @ types.wit 519..522 "get"
            EnumCase post @ types.wit 524..528 "post"
          Function handle [handle: func(r: borrow<request>, m: method) -> result<twice, error>] @ types.wit 536..542 "handle"
    "#]],
    );
}

#[test]
fn outline_of_a_broken_file() {
    check_document_symbols(
        BROKEN,
        "/pkg/types.wit",
        expect![[r#"
        Interface types @ types.wit 36..41 "types"
          Record body @ types.wit 101..105 "body"
            Field data [data: input-stream] @ types.wit 116..120 "data"
            Field sink [sink: missing-type] @ types.wit 144..148 "sink"
          Function handle [handle: func(b: body) ->] @ types.wit 174..180 "handle"
    "#]],
    );
}

#[test]
fn workspace_symbols_match_fuzzily_across_deps() {
    check_workspace_symbols(
        VALID,
        "instr",
        expect![[
            r#"Resource input-stream in Some("streams") @ deps/io/streams.wit 134..146 "input-stream""#
        ]],
    );
}

#[test]
fn workspace_symbols_on_a_broken_package() {
    check_workspace_symbols(
        BROKEN,
        "bdy",
        expect![[r#"Record body in Some("types") @ types.wit 101..105 "body""#]],
    );
}

#[test]
fn folding_a_valid_file() {
    check_folding(
        VALID,
        "/pkg/types.wit",
        expect![[r#"
            Region types.wit 42..606 "{"
            Imports types.wit 48..148 "use wasi:io/streams@0.2.0.{input-stream, output-st"
            Region types.wit 190..244 "{"
            Region types.wit 325..466 "{""#]],
    );
}

#[test]
fn folding_a_broken_file() {
    check_folding(
        BROKEN,
        "/pkg/types.wit",
        expect![[r#"
        Region types.wit 42..198 "{"
        Region types.wit 106..168 "{""#]],
    );
}

#[test]
fn selection_grows_from_the_name_outwards() {
    check_selection(
        &with_cursor(VALID, "/pkg/types.wit", "data: $0input-stream", 0),
        expect![[r#"
        types.wit 206..218 "input-stream"
        types.wit 200..218 "data: input-stream"
        types.wit 190..244 "{"
        types.wit 154..244 "/// A request body."
        types.wit 42..606 "{"
        types.wit 26..606 "interface types {"
        types.wit 0..607 "package demo:http@0.1.0;""#]],
    );
}

#[test]
fn selection_in_a_broken_file() {
    check_selection(
        &with_cursor(BROKEN, "/pkg/types.wit", "b: $0body", 0),
        expect![[r#"
        types.wit 190..194 "body"
        types.wit 187..194 "b: body"
        types.wit 186..195 "(b: body)"
        types.wit 182..198 "func(b: body) ->"
        types.wit 174..198 "handle: func(b: body) ->"
        types.wit 42..198 "{"
        types.wit 26..198 "interface types {"
        types.wit 0..200 "package demo:http@0.1.0;""#]],
    );
}

#[test]
fn semantic_tokens_of_a_valid_file() {
    check_tokens(
        VALID,
        "/pkg/world.wit",
        expect![[r#"
            package keyword 
            demo namespace 
            http namespace 
            0 number 
            1 number 
            0 number 
            world keyword 
            proxy interface declaration
            import keyword 
            wasi namespace 
            io namespace 
            streams interface 
            0 number 
            2 number 
            0 number 
            export keyword 
            types interface 
            use keyword 
            types interface 
            body struct 
            import keyword 
            send function declaration
            func keyword 
            b parameter declaration
            body struct "#]],
    );
}

#[test]
fn semantic_tokens_of_a_broken_file() {
    check_tokens(
        BROKEN,
        "/pkg/types.wit",
        expect![[r#"
            package keyword 
            demo namespace 
            http namespace 
            0 number 
            1 number 
            0 number 
            interface keyword 
            types interface declaration
            use keyword 
            wasi namespace 
            io namespace 
            streams interface 
            0 number 
            2 number 
            0 number 
            input-stream class 
            record keyword 
            body struct declaration
            data property declaration
            input-stream class 
            sink property declaration
            handle function declaration
            func keyword 
            b parameter declaration
            body struct "#]],
    );
}

fn check_links(text: &str, path: &str, expect: Expect) {
    let fixture = Fixture::parse(text);
    let path = Path::new(path);
    let rendered: Vec<String> = wit_analysis::ide::links::document_links(&fixture.snapshot, path)
        .iter()
        .map(|(range, target)| {
            format!(
                "{} -> {}",
                fixture.render_range(path, range),
                target.display()
            )
        })
        .collect();
    expect.assert_eq(&rendered.join("\n"));
}

fn check_inlay_hints(text: &str, path: &str, expect: Expect) {
    let fixture = Fixture::parse(text);
    let path = Path::new(path);
    let rendered: Vec<String> = wit_analysis::ide::inlay_hints::inlay_hints(
        &fixture.snapshot,
        path,
        0..fixture.text(path).len(),
    )
    .iter()
    .map(|(offset, label)| {
        format!(
            "{}{label}",
            fixture.render_range(path, &(offset - 1..*offset))
        )
    })
    .collect();
    expect.assert_eq(&rendered.join("\n"));
}

#[test]
fn links_of_use_paths_point_at_dep_files() {
    check_links(
        VALID,
        "/pkg/types.wit",
        expect![[r#"
        types.wit 52..73 "wasi:io/streams@0.2.0" -> /pkg/deps/io/streams.wit
        types.wit 120..139 "wasi:io/error@0.2.0" -> /pkg/deps/io/error.wit"#]],
    );
    check_links(
        VALID,
        "/pkg/world.wit",
        expect![[r#"
        world.wit 51..72 "wasi:io/streams@0.2.0" -> /pkg/deps/io/streams.wit
        world.wit 85..90 "types" -> /pkg/types.wit
        world.wit 100..105 "types" -> /pkg/types.wit"#]],
    );
}

#[test]
fn links_in_a_broken_file() {
    check_links(
        BROKEN,
        "/pkg/types.wit",
        expect![[r#"types.wit 52..73 "wasi:io/streams@0.2.0" -> /pkg/deps/io/streams.wit"#]],
    );
}

#[test]
fn inlay_hints_show_what_aliases_resolve_to() {
    check_inlay_hints(
        VALID,
        "/pkg/types.wit",
        expect![[r#"
        types.wit 300..301 "s" = record body
        types.wit 594..595 "e" = record body"#]],
    );
}

#[test]
fn inlay_hints_in_a_broken_file() {
    check_inlay_hints(
        r#"
//- /pkg/a.wit
package demo:app;

interface api {
    type bytes = list<u8>;
    type blob = bytes;
    f: func(b: blob) ->
"#,
        "/pkg/a.wit",
        expect![[r#"
            a.wit 82..83 "s" = list<u8>
            a.wit 103..104 "b" = list<u8>"#]],
    );
}

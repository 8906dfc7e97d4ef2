//! Parser behaviour: snapshots of trees (valid and broken fixtures), losslessness and agreement
//! with wit-parser on the project's samples, deep nesting, and the typed AST accessors.
//! Snapshots live next to the fixtures in `test-data/parser/`; refresh with `UPDATE_EXPECT=1`.

mod support;

use std::path::Path;

use wit_syntax::ast::{
    self, AstNode, AttributeKind, ExternKind, HasAttributes, HasDocs, HasName, ImportOrExport,
};
use wit_syntax::{SyntaxKind, parse};

fn fixtures_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("test-data/parser")
}

fn render(text: &str) -> String {
    let parse = parse(text);
    let mut out = parse.syntax_node().debug_dump();
    if !parse.errors().is_empty() {
        out.push_str("errors:\n");
        for error in parse.errors() {
            out.push_str(&format!("  {}: {}\n", error.range, error.message));
        }
    }
    out
}

#[test]
fn fixture_snapshots() {
    let files = support::wit_files(&fixtures_dir());
    assert!(files.len() >= 6);
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let parse = parse(&text);
        support::assert_lossless(&text, &parse);
        let expected = path.with_extension("txt");
        expect_test::expect_file![expected].assert_eq(&render(&text));
    }
}

#[test]
fn valid_fixture_has_no_errors_and_wit_parser_agrees() {
    let path = fixtures_dir().join("all-syntax.wit");
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(parse(&text).errors(), &[]);
    assert_eq!(support::wit_parser_syntax_error(&path, &text), None);
}

#[test]
fn broken_fixtures_have_errors_and_wit_parser_agrees() {
    for name in [
        "missing-semicolon.wit",
        "missing-brace.wit",
        "missing-type.wit",
        "stray-tokens.wit",
    ] {
        let path = fixtures_dir().join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!parse(&text).errors().is_empty(), "{name}");
        assert!(
            support::wit_parser_syntax_error(&path, &text).is_some(),
            "{name}"
        );
    }
}

#[test]
fn wit_samples_round_trip_without_errors() {
    let files = support::wit_files(&support::workspace_root().join("wit-samples"));
    assert!(!files.is_empty(), "wit-samples has WIT files");
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let parse = parse(&text);
        support::assert_lossless(&text, &parse);
        assert_eq!(parse.errors(), &[], "{}", path.display());
        assert_eq!(support::wit_parser_syntax_error(&path, &text), None);
    }
}

#[test]
fn very_deep_nesting_is_bounded() {
    let depth = 100_000;
    let cases = [
        format!(
            "interface i {{ type t = {}u32{}; }}",
            "list<".repeat(depth),
            ">".repeat(depth)
        ),
        format!("interface i {{ type t = {}u32; }}", "option<".repeat(depth)),
        format!("{}{}", "package a:b {".repeat(depth), "}".repeat(depth)),
        "{".repeat(depth),
        "(".repeat(depth),
        format!("interface i {{ f: func() -> {}; }}", "tuple<".repeat(depth)),
    ];
    for text in cases {
        let started = std::time::Instant::now();
        let parse = parse(&text);
        support::assert_lossless(&text, &parse);
        assert!(!parse.errors().is_empty());
        assert!(started.elapsed().as_secs() < 5, "parsing stays linear");
    }
    let text = format!(
        "interface i {{ type t = {}u32{}; }}",
        "list<".repeat(depth),
        ">".repeat(depth)
    );
    assert!(
        parse(&text)
            .errors()
            .iter()
            .any(|e| e.message == "type nesting too deep")
    );
}

#[test]
fn nesting_limits_match_wit_parser() {
    let at_limit = format!(
        "interface i {{ type t = {}u32{}; }}",
        "list<".repeat(99),
        ">".repeat(99)
    );
    assert_eq!(parse(&at_limit).errors(), &[]);
    let over = format!(
        "interface i {{ type t = {}u32{}; }}",
        "list<".repeat(100),
        ">".repeat(100)
    );
    assert_eq!(parse(&over).errors().len(), 1);
    for (text, ok) in [(&at_limit, true), (&over, false)] {
        let theirs = support::wit_parser_syntax_error(Path::new("x.wit"), text);
        assert_eq!(theirs.is_none(), ok);
    }
}

#[test]
fn errors_carry_useful_messages_and_ranges() {
    let text = "interface i {\n    f: func()\n    g: func();\n}\n";
    let parse = parse(text);
    assert_eq!(parse.errors().len(), 1);
    let error = &parse.errors()[0];
    assert_eq!(error.message, "expected ';', found an identifier");
    assert_eq!(&text[error.range.to_range()], "g");
    // Both functions are still in the tree.
    let names: Vec<String> = parse
        .syntax_node()
        .descendants()
        .filter_map(ast::NamedFunc::cast)
        .filter_map(|f| f.name())
        .map(|n| n.text())
        .collect();
    assert_eq!(names, ["f", "g"]);
}

#[test]
fn lexical_errors_are_reported() {
    for (text, needle) in [
        ("interface i { /* open", "unterminated block comment"),
        ("interface i {} \u{202e}", "bidirectional"),
        ("interface i {} \u{7}", "control"),
        ("interface i {} #", "unexpected character"),
        ("interface i {} \r", "carriage return"),
        (
            "world w { @external-id(\"\\q\") import f: func(); }",
            "escape",
        ),
        ("interface Foo-bar {}", "mixes upper and lower case"),
        ("interface i {} package a:b@01.0.0 {}", "leading zero"),
        (
            "interface i { @bogus(x) f: func(); }",
            "unknown attribute `bogus`",
        ),
    ] {
        let parse = parse(text);
        assert!(
            parse.errors().iter().any(|e| e.message.contains(needle)),
            "{text:?}: {:?}",
            parse.errors()
        );
        assert!(
            support::wit_parser_syntax_error(Path::new("x.wit"), text).is_some(),
            "{text:?}"
        );
    }
}

/// The lexer's ASCII fast paths agree with the general rules: names with non-ASCII
/// letters are one token, a lone `\r` stays inside a line comment while `\r\n` ends it,
/// and forbidden code points are found after non-ASCII text and at DEL.
#[test]
fn lexer_fast_paths_keep_the_general_rules() {
    let kinds = |text: &str| -> Vec<(SyntaxKind, String)> {
        wit_syntax::lex(text)
            .0
            .iter()
            .map(|t| (t.kind, text[t.range.to_range()].to_string()))
            .collect()
    };
    let tokens = kinds("abc-déf x_1-é");
    assert_eq!(
        tokens
            .iter()
            .filter(|(kind, _)| *kind == SyntaxKind::IDENT)
            .map(|(_, text)| text.as_str())
            .collect::<Vec<_>>(),
        ["abc-déf", "x_1-é"]
    );
    assert_eq!(
        kinds("// a\rb\r\nx"),
        [
            (SyntaxKind::LINE_COMMENT, "// a\rb".to_string()),
            (SyntaxKind::WHITESPACE, "\r\n".to_string()),
            (SyntaxKind::IDENT, "x".to_string()),
        ]
    );
    assert_eq!(kinds("// end")[0].1, "// end");
    for (text, needle, at) in [
        ("/// é then \u{7}", "control", 12),
        ("x \u{7f}", "control", 2),
        ("/* é */ \u{202e}", "bidirectional", 9),
    ] {
        let errors = wit_syntax::lex(text).1;
        assert!(
            errors
                .iter()
                .any(|e| e.message.contains(needle) && e.range.start() as usize == at),
            "{text:?}: {errors:?}"
        );
    }
    assert!(wit_syntax::lex("/// é ok\n").1.is_empty());
}

#[test]
fn typed_ast_exposes_names_docs_gates_and_types() {
    let text = std::fs::read_to_string(fixtures_dir().join("all-syntax.wit")).unwrap();
    let parse = parse(&text);
    let file = parse.tree();

    let header = file.package_decl().unwrap();
    assert_eq!(header.docs().as_deref(), Some("The package docs."));
    let name = header.package_name().unwrap();
    assert_eq!(name.namespace().unwrap().text(), "example");
    assert_eq!(name.name().unwrap().text(), "everything");
    assert_eq!(name.version().unwrap().text(), "1.2.3-rc.1+build.5");

    let interface = file.interfaces().next().unwrap();
    let interface_name = interface.name().unwrap();
    assert_eq!(interface_name.text(), "types");
    assert_eq!(&text[interface_name.range().to_range()], "types");
    assert_eq!(
        interface.docs().as_deref(),
        Some("Block docs for an interface.")
    );
    let gates = interface.attributes();
    assert_eq!(gates.len(), 1);
    assert_eq!(gates[0].kind(), AttributeKind::Since);
    assert_eq!(gates[0].version().unwrap().text(), "1.0.0");

    let items = interface.items();
    let ast::InterfaceItem::Use(use_item) = &items[0] else {
        panic!("first item is a use: {:?}", items[0]);
    };
    let path = use_item.path().unwrap();
    assert_eq!(path.namespace().unwrap().text(), "wasi");
    assert_eq!(path.package().unwrap().text(), "io");
    assert_eq!(path.name().unwrap().text(), "streams");
    assert_eq!(path.version().unwrap().text(), "0.2.0");
    let names: Vec<(String, Option<String>)> = use_item
        .names()
        .iter()
        .map(|n| (n.name_ref().unwrap().text(), n.alias().map(|a| a.text())))
        .collect();
    assert_eq!(
        names,
        [
            ("input-stream".to_string(), None),
            ("output-stream".to_string(), Some("out".to_string()))
        ]
    );

    let type_names: Vec<String> = items
        .iter()
        .filter_map(|item| ast::TypeDef::cast(item.syntax().clone()))
        .map(|t| t.name().unwrap().text())
        .collect();
    assert_eq!(
        type_names,
        [
            "id",
            "type",
            "fixed",
            "point",
            "shape",
            "color",
            "permissions",
            "file",
            "empty",
            "empty-body",
            "error-code"
        ]
    );

    let record = items
        .iter()
        .find_map(|i| match i {
            ast::InterfaceItem::Record(r) => Some(r.clone()),
            _ => None,
        })
        .unwrap();
    let fields = record.members();
    assert_eq!(fields[0].docs().as_deref(), Some("x coordinate"));
    assert!(matches!(fields[1].ty(), Some(ast::Type::PrimitiveType(_))));

    let resource = items
        .iter()
        .find_map(|i| match i {
            ast::InterfaceItem::Resource(r) => Some(r.clone()),
            _ => None,
        })
        .unwrap();
    let resource_items = resource.items();
    assert!(matches!(
        resource_items[0],
        ast::ResourceItem::Constructor(_)
    ));
    let ast::ResourceItem::NamedFunc(open) = &resource_items[2] else {
        panic!("open is a function");
    };
    assert!(open.is_static());
    let ast::ResourceItem::NamedFunc(close) = &resource_items[3] else {
        panic!("close is a function");
    };
    assert!(close.func_type().unwrap().is_async());
    let ast::ResourceItem::NamedFunc(old) = &resource_items[4] else {
        panic!("old is a function");
    };
    assert_eq!(old.attributes()[0].kind(), AttributeKind::Deprecated);
    let param_ty = old.func_type().unwrap().params()[0].ty().unwrap();
    let ast::Type::HandleType(handle) = param_ty else {
        panic!("borrow<file> is a handle");
    };
    assert!(handle.is_borrow());
    assert_eq!(handle.resource().unwrap().text(), "file");

    let all_types = items
        .iter()
        .find_map(|i| match i {
            ast::InterfaceItem::NamedFunc(f) if f.name().unwrap().text() == "all-types" => {
                Some(f.clone())
            }
            _ => None,
        })
        .unwrap();
    let params = all_types.func_type().unwrap().params();
    assert_eq!(params.len(), 26);
    let result_q = params[16].ty().unwrap();
    let ast::Type::ResultType(result_q) = result_q else {
        panic!("q is a result");
    };
    assert!(result_q.ok().is_none());
    assert!(result_q.err().is_some());
    let ast::Type::MapType(map) = params[23].ty().unwrap() else {
        panic!("x is a map");
    };
    assert!(map.key().is_some() && map.value().is_some());

    let world = file.worlds().next().unwrap();
    let world_items = world.items();
    let labels: Vec<Option<String>> = world_items
        .iter()
        .filter_map(|i| match i {
            ast::WorldItem::Import(import) => Some(import.label().map(|l| l.text())),
            _ => None,
        })
        .collect();
    assert_eq!(
        labels,
        [
            None,
            None,
            Some("log".to_string()),
            Some("run-async".to_string()),
            Some("named".to_string()),
            Some("inline".to_string()),
            Some("gated".to_string())
        ]
    );
    let kinds: Vec<&str> = world_items
        .iter()
        .filter_map(|i| match i {
            ast::WorldItem::Import(import) => import.extern_kind(),
            _ => None,
        })
        .map(|k| match k {
            ExternKind::Func(_) => "func",
            ExternKind::Interface(_) => "interface",
            ExternKind::Path(_) => "path",
        })
        .collect();
    assert_eq!(
        kinds,
        ["path", "path", "func", "func", "path", "interface", "func"]
    );
    let include = world_items
        .iter()
        .find_map(|i| match i {
            ast::WorldItem::Include(inc) if !inc.names().is_empty() => Some(inc.clone()),
            _ => None,
        })
        .unwrap();
    assert_eq!(include.names()[1].alias().unwrap().text(), "d");

    let nested: Vec<ast::NestedPackage> = file
        .items()
        .filter_map(|i| match i {
            ast::Item::NestedPackage(p) => Some(p),
            _ => None,
        })
        .collect();
    assert_eq!(nested.len(), 2);
    assert_eq!(nested[0].items().count(), 1);
}

#[test]
fn trailing_comments_stay_outside_the_next_item() {
    let text = "interface i {\n    f: func(); // about f\n    /// about g\n    g: func();\n}\n";
    let parse = parse(text);
    let funcs: Vec<ast::NamedFunc> = parse
        .syntax_node()
        .descendants()
        .filter_map(ast::NamedFunc::cast)
        .collect();
    assert_eq!(funcs[1].docs().as_deref(), Some("about g"));
    assert!(funcs[1].syntax().text().starts_with("/// about g"));
    let comment = parse
        .syntax_node()
        .tokens()
        .find(|t| t.text() == "// about f")
        .unwrap();
    assert_eq!(comment.parent().kind(), SyntaxKind::ITEM_LIST);
}

#[test]
fn token_lookup_by_offset() {
    let text = "interface abc {}";
    let parse = parse(text);
    let root = parse.syntax_node();
    let token = root.token_at_offset(11).unwrap();
    assert_eq!(token.text(), "abc");
    assert_eq!(token.parent().kind(), SyntaxKind::NAME);
    assert_eq!(root.token_at_offset(text.len() as u32).unwrap().text(), "}");
    let node = root.covering_node(token.text_range());
    assert_eq!(node.kind(), SyntaxKind::NAME);
}

#[test]
fn escaped_words_in_gates_are_accepted_like_wit_parser() {
    let text = "package a:b@1.0.0;\ninterface i {\n    @%since(%version = 1.0.0)\n    f: func();\n    @unstable(%feature = x)\n    g: func();\n}\n";
    assert_eq!(parse(text).errors(), &[]);
    assert_eq!(
        support::wit_parser_syntax_error(Path::new("x.wit"), text),
        None
    );
    let gates: Vec<AttributeKind> = parse(text)
        .syntax_node()
        .descendants()
        .filter_map(ast::Attribute::cast)
        .map(|a| a.kind())
        .collect();
    assert_eq!(gates, [AttributeKind::Since, AttributeKind::Unstable]);
}

#[test]
fn a_doc_comment_trailing_the_previous_line_still_documents_the_next_item() {
    let text = "interface i {\n    f: func(); /// about g\n    g: func();\n}\n";
    let funcs: Vec<ast::NamedFunc> = parse(text)
        .syntax_node()
        .descendants()
        .filter_map(ast::NamedFunc::cast)
        .collect();
    assert_eq!(funcs[0].docs(), None);
    assert_eq!(funcs[1].docs().as_deref(), Some("about g"));
}

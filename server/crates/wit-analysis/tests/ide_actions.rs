//! Unused-use and deprecated warnings, and code actions, on fixtures.

#[path = "ide/corpus.rs"]
mod corpus;
#[path = "ide/fixture.rs"]
mod fixture;

use corpus::{BROKEN, VALID};
use expect_test::{Expect, expect};
use fixture::Fixture;
use wit_analysis::ide::code_actions::code_actions;
use wit_analysis::ide::diagnostics::lint_diagnostics;

fn check_lints(fixture: &str, expect: Expect) {
    let fixture = Fixture::parse(fixture);
    let rendered: Vec<String> = lint_diagnostics(&fixture.snapshot)
        .iter()
        .map(|d| {
            format!(
                "{} {:?} {:?}: {}",
                fixture.render_range(&d.path, &d.range),
                d.code.as_str(),
                d.code.tags(),
                d.message
            )
        })
        .collect();
    expect.assert_eq(&rendered.join("\n"));
}

fn check_actions(fixture: &str, expect: Expect) {
    let fixture = Fixture::parse(fixture);
    let (path, offset) = fixture.cursor();
    let text = fixture.text(path).to_string();
    let text = &text;
    let rendered: Vec<String> = code_actions(&fixture.snapshot, path, offset..offset)
        .iter()
        .map(|action| {
            let edits: Vec<String> = action
                .edits
                .iter()
                .flat_map(|(p, list)| {
                    list.iter().map(move |(range, new)| {
                        let shown = p.strip_prefix("/pkg").unwrap_or(p).display();
                        format!(
                            "{shown} {}..{} {:?} -> {new:?}",
                            range.start,
                            range.end,
                            &text.get(range.clone()).unwrap_or("")
                        )
                    })
                })
                .collect();
            format!(
                "{:?} {}\n  {}",
                action.kind,
                action.title,
                edits.join("\n  ")
            )
        })
        .collect();
    expect.assert_eq(&rendered.join("\n"));
}

#[test]
fn lints_on_a_valid_package() {
    check_lints(
        VALID,
        expect![[
            r#"types.wit 572..578 "method" "deprecated" [Deprecated]: `method` is deprecated (@deprecated(version = 0.1.0))"#
        ]],
    );
}

#[test]
fn lints_on_a_broken_package() {
    check_lints(BROKEN, expect![[""]]);
}

#[test]
fn add_use_for_a_type_from_deps() {
    check_actions(
        r#"
//- /pkg/a.wit
package demo:app;

interface api {
    f: func() -> input-$0stream;
}
//- /pkg/deps/io/streams.wit
package wasi:io@0.2.0;

interface streams {
    resource input-stream;
}
"#,
        expect![[r#"
            QuickFix Add `use wasi:io/streams@0.2.0.{input-stream}`
              a.wit 34..34 "" -> "\n    use wasi:io/streams@0.2.0.{input-stream};""#]],
    );
}

#[test]
fn typo_fix_in_a_broken_file() {
    check_actions(
        r#"
//- /pkg/a.wit
package demo:app;

interface api {
    record point { x: u32 }
    f: func(p: pont$0) ->
"#,
        expect![[r#"
            QuickFix Change to `point`
              a.wit 78..82 "pont" -> "point""#]],
    );
}

#[test]
fn remove_an_unused_use_item() {
    check_actions(
        r#"
//- /pkg/a.wit
package demo:app;

interface base {
    type a = u32;
    type b = u32;
}

interface api {
    use base.{a, $0b};
    f: func() -> a;
}
"#,
        expect![[r#"
            QuickFix Remove unused `b` from the `use`
              a.wit 106..109 ", b" -> """#]],
    );
}

#[test]
fn remove_an_unused_use_statement() {
    check_actions(
        r#"
//- /pkg/a.wit
package demo:app;

interface base {
    type a = u32;
}

interface api {
    use base.{$0a};
    f: func();
}
"#,
        expect![[r#"
            QuickFix Remove the unused `use` of `a`
              a.wit 73..91 "    use base.{a};\n" -> """#]],
    );
}

#[test]
fn convert_a_name_to_kebab_case() {
    check_actions(
        r#"
//- /pkg/a.wit
package demo:app;

interface api {
    record myPoint$0 { x: u32 }
    f: func(p: myPoint);
}
"#,
        expect![[r#"
            RefactorRewrite Convert `myPoint` to kebab-case: `my-point`
              a.wit 46..53 "myPoint" -> "my-point"
              a.wit 80..87 "myPoint" -> "my-point""#]],
    );
}

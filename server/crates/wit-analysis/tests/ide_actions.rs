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

/// The text of `path` in `fixture` with `edits` applied (last first).
fn apply(
    fixture: &Fixture,
    path: &std::path::Path,
    edits: &[(std::ops::Range<usize>, String)],
) -> String {
    let mut text = fixture.text(path).to_string();
    let mut edits = edits.to_vec();
    edits.sort_by_key(|(range, _)| std::cmp::Reverse(range.start));
    for (range, new) in edits {
        text.replace_range(range, &new);
    }
    text
}

/// wit-parser's verdict on one file.
fn wit_parser_check(text: &str) -> Result<(), String> {
    wit_parser::Resolve::default()
        .push_source("/pkg/a.wit", text)
        .map(|_| ())
        .map_err(|error| format!("{error:#}"))
}

const OLD_FLOATS: &str = r#"
//- /pkg/a.wit
package demo:app;

interface api {
    type ratio = float3$02;
    record sample { value: float64, weight: ratio }
}
"#;

#[test]
fn old_float_type_fix_follows_wit_parsers_hint() {
    // The hint the toolchain shows for this file, which the fix carries out.
    let before = Fixture::parse(OLD_FLOATS);
    let (path, _) = before.cursor();
    let error = wit_parser_check(before.text(path)).expect_err("wit-parser rejects `float32`");
    assert!(
        error.contains("the `float32` type has been renamed to `f32`"),
        "{error}"
    );
    check_actions(
        OLD_FLOATS,
        expect![[r#"
            QuickFix Replace `float32` with `f32`
              a.wit 52..59 "float32" -> "f32"
            QuickFix Replace all 2 uses of `float32`/`float64` in this file with `f32`/`f64`
              a.wit 52..59 "float32" -> "f32"
              a.wit 88..95 "float64" -> "f64""#]],
    );
    // The "fix all" action leaves a file wit-parser accepts.
    let (_, offset) = before.cursor();
    let actions = code_actions(&before.snapshot, path, offset..offset);
    let fix_all = actions
        .iter()
        .find(|a| a.title.starts_with("Replace all"))
        .expect("a fix-all action");
    let fixed = apply(&before, path, &fix_all.edits[0].1);
    assert_eq!(wit_parser_check(&fixed), Ok(()), "{fixed}");
}

#[test]
fn old_float_type_fix_in_a_broken_file_keeps_typo_suggestions() {
    check_actions(
        r#"
//- /pkg/a.wit
package demo:app;

interface api {
    type float3 = u32;
    f: func(x: float$064) -> 
"#,
        expect![[r#"
            QuickFix Replace `float64` with `f64`
              a.wit 73..80 "float64" -> "f64"
            QuickFix Change to `float3`
              a.wit 73..80 "float64" -> "float3""#]],
    );
}

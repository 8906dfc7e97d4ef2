//! Completion on fixtures: each context on a valid and on a half-typed file.

#[path = "ide/fixture.rs"]
mod fixture;

use expect_test::{Expect, expect};
use fixture::Fixture;
use wit_analysis::ide::completion::completions;

const DEPS: &str = r#"
//- /pkg/deps/io/streams.wit
package wasi:io@0.2.0;

interface streams {
    /// Bytes in.
    resource input-stream;
    type size = u64;
    read: func() -> size;
}

world imports {
    import streams;
}
//- /pkg/deps/clocks.wit
package wasi:clocks@0.2.0;

interface wall-clock {
    record datetime { seconds: u64 }
}
"#;

fn check(fixture: &str, expect: Expect) {
    let fixture = Fixture::parse(&format!("{fixture}{DEPS}"));
    let (path, offset) = fixture.cursor();
    let items = completions(&fixture.snapshot, path, offset);
    let rendered: Vec<String> = items
        .iter()
        .map(|item| {
            format!(
                "{:?} {} -> {:?}{}",
                item.kind,
                item.label,
                item.insert_text,
                item.detail
                    .as_deref()
                    .map(|d| format!(" ({d})"))
                    .unwrap_or_default()
            )
        })
        .collect();
    expect.assert_eq(&rendered.join("\n"));
}

#[test]
fn use_after_namespace_lists_dependency_packages() {
    check(
        r#"
//- /pkg/a.wit
package demo:app;

interface api {
    use wasi:$0
}
"#,
        expect![[r#"
            Definition(Package) wasi:clocks -> "wasi:clocks/" (package wasi:clocks@0.2.0)
            Definition(Package) wasi:io -> "wasi:io/" (package wasi:io@0.2.0)"#]],
    );
}

#[test]
fn use_after_package_lists_its_interfaces() {
    check(
        r#"
//- /pkg/a.wit
package demo:app;

interface api {
    use wasi:io/$0
}
"#,
        expect![[r#"
            Definition(Interface) streams -> "wasi:io/streams@0.2.0" (interface streams)
            Definition(World) imports -> "wasi:io/imports@0.2.0" (world imports)"#]],
    );
}

#[test]
fn use_items_list_the_interface_types() {
    check(
        r#"
//- /pkg/a.wit
package demo:app;

interface api {
    use wasi:io/streams@0.2.0.{input-stream, $0};
    f: func();
}
"#,
        expect![[r#"
            Definition(Resource) input-stream -> "input-stream" (resource input-stream)
            Definition(TypeAlias) size -> "size" (type size = u64)"#]],
    );
}

#[test]
fn type_position_lists_builtins_and_types_in_scope() {
    check(
        r#"
//- /pkg/a.wit
package demo:app;

interface api {
    use wasi:io/streams@0.2.0.{input-stream};
    record point { x: u32 }
    f: func(p: $0);
}
"#,
        expect![[r#"
            BuiltinType bool -> "bool" (built-in type)
            BuiltinType s8 -> "s8" (built-in type)
            BuiltinType s16 -> "s16" (built-in type)
            BuiltinType s32 -> "s32" (built-in type)
            BuiltinType s64 -> "s64" (built-in type)
            BuiltinType u8 -> "u8" (built-in type)
            BuiltinType u16 -> "u16" (built-in type)
            BuiltinType u32 -> "u32" (built-in type)
            BuiltinType u64 -> "u64" (built-in type)
            BuiltinType f32 -> "f32" (built-in type)
            BuiltinType f64 -> "f64" (built-in type)
            BuiltinType char -> "char" (built-in type)
            BuiltinType string -> "string" (built-in type)
            BuiltinType error-context -> "error-context" (built-in type)
            BuiltinType list -> "list<$1>" (list<...>)
            BuiltinType option -> "option<$1>" (option<...>)
            BuiltinType result -> "result<$1, $2>" (result<...>)
            BuiltinType tuple -> "tuple<$1>" (tuple<...>)
            BuiltinType borrow -> "borrow<$1>" (borrow<...>)
            BuiltinType own -> "own<$1>" (own<...>)
            BuiltinType future -> "future<$1>" (future<...>)
            BuiltinType stream -> "stream<$1>" (stream<...>)
            Definition(Resource) input-stream -> "input-stream" (resource input-stream)
            Definition(Record) point -> "point" (record point { x: u32 })"#]],
    );
}

#[test]
fn type_position_in_a_broken_file() {
    check(
        r#"
//- /pkg/a.wit
package demo:app;

interface api {
    record point { x: u32 }
    record line {
        from: po$0
"#,
        expect![[r#"
            Keyword func -> "func"
            Keyword async -> "async"
            Keyword static -> "static"
            BuiltinType bool -> "bool" (built-in type)
            BuiltinType s8 -> "s8" (built-in type)
            BuiltinType s16 -> "s16" (built-in type)
            BuiltinType s32 -> "s32" (built-in type)
            BuiltinType s64 -> "s64" (built-in type)
            BuiltinType u8 -> "u8" (built-in type)
            BuiltinType u16 -> "u16" (built-in type)
            BuiltinType u32 -> "u32" (built-in type)
            BuiltinType u64 -> "u64" (built-in type)
            BuiltinType f32 -> "f32" (built-in type)
            BuiltinType f64 -> "f64" (built-in type)
            BuiltinType char -> "char" (built-in type)
            BuiltinType string -> "string" (built-in type)
            BuiltinType error-context -> "error-context" (built-in type)
            BuiltinType list -> "list<$1>" (list<...>)
            BuiltinType option -> "option<$1>" (option<...>)
            BuiltinType result -> "result<$1, $2>" (result<...>)
            BuiltinType tuple -> "tuple<$1>" (tuple<...>)
            BuiltinType borrow -> "borrow<$1>" (borrow<...>)
            BuiltinType own -> "own<$1>" (own<...>)
            BuiltinType future -> "future<$1>" (future<...>)
            BuiltinType stream -> "stream<$1>" (stream<...>)
            Definition(Record) line -> "line" (record line {
                from: po)
            Definition(Record) point -> "point" (record point { x: u32 })"#]],
    );
}

#[test]
fn include_lists_worlds() {
    check(
        r#"
//- /pkg/a.wit
package demo:app;

world base {}
interface not-a-world {}

world app {
    include $0
}
"#,
        expect![[r#"
            Definition(Package) wasi:clocks -> "wasi:clocks/" (package wasi:clocks@0.2.0)
            Definition(Package) wasi:io -> "wasi:io/" (package wasi:io@0.2.0)
            Definition(World) base -> "base" (world base)
            Definition(World) app -> "app" (world app)"#]],
    );
}

#[test]
fn import_lists_interfaces_and_packages() {
    check(
        r#"
//- /pkg/a.wit
package demo:app;

interface api {}

world app {
    import a$0
}
"#,
        expect![[r#"
            Definition(Package) wasi:clocks -> "wasi:clocks/" (package wasi:clocks@0.2.0)
            Definition(Package) wasi:io -> "wasi:io/" (package wasi:io@0.2.0)
            Definition(Interface) api -> "api" (interface api)"#]],
    );
}

#[test]
fn interface_body_offers_keywords_and_snippets() {
    check(
        r#"
//- /pkg/a.wit
package demo:app;

interface api {
    $0
}
"#,
        expect![[r#"
            Keyword use -> "use"
            Keyword type -> "type"
            Keyword record -> "record"
            Keyword variant -> "variant"
            Keyword enum -> "enum"
            Keyword flags -> "flags"
            Keyword resource -> "resource"
            Snippet func -> "${1:name}: func(${2}) -> ${3:u32};" (func snippet)
            Snippet record -> "record ${1:name} {\n\t${2:field}: ${3:u32},\n}" (record snippet)
            Snippet variant -> "variant ${1:name} {\n\t${2:case}(${3:u32}),\n}" (variant snippet)
            Snippet enum -> "enum ${1:name} {\n\t${2:case},\n}" (enum snippet)
            Snippet flags -> "flags ${1:name} {\n\t${2:flag},\n}" (flags snippet)
            Snippet resource -> "resource ${1:name} {\n\tconstructor(${2});\n}" (resource snippet)
            Snippet type -> "type ${1:name} = ${2:u32};" (type snippet)"#]],
    );
}

#[test]
fn top_level_offers_items() {
    check(
        r#"
//- /pkg/a.wit
package demo:app;

$0
"#,
        expect![[r#"
            Keyword package -> "package"
            Keyword interface -> "interface"
            Keyword world -> "world"
            Keyword use -> "use"
            Snippet interface -> "interface ${1:name} {\n\t$0\n}" (interface snippet)
            Snippet world -> "world ${1:name} {\n\t$0\n}" (world snippet)
            Snippet package -> "package ${1:namespace}:${2:name};" (package snippet)"#]],
    );
}

#[test]
fn gates_after_at() {
    check(
        r#"
//- /pkg/a.wit
package demo:app;

interface api {
    @$0
    f: func();
}
"#,
        expect![[r#"
            Snippet since -> "since(version = ${1:0.1.0})" (since snippet)
            Snippet unstable -> "unstable(feature = ${1:name})" (unstable snippet)
            Snippet deprecated -> "deprecated(version = ${1:0.1.0})" (deprecated snippet)"#]],
    );
}

#[test]
fn since_argument() {
    check(
        r#"
//- /pkg/a.wit
package demo:app;

@since($0
interface api {}
"#,
        expect![[r#"Keyword version -> "version = ${1:0.1.0}""#]],
    );
}

#[test]
fn function_position_after_a_name() {
    check(
        r#"
//- /pkg/a.wit
package demo:app;

interface api {
    get: $0
}
"#,
        expect![[r#"
            Keyword func -> "func"
            Keyword async -> "async"
            Keyword static -> "static"
            BuiltinType bool -> "bool" (built-in type)
            BuiltinType s8 -> "s8" (built-in type)
            BuiltinType s16 -> "s16" (built-in type)
            BuiltinType s32 -> "s32" (built-in type)
            BuiltinType s64 -> "s64" (built-in type)
            BuiltinType u8 -> "u8" (built-in type)
            BuiltinType u16 -> "u16" (built-in type)
            BuiltinType u32 -> "u32" (built-in type)
            BuiltinType u64 -> "u64" (built-in type)
            BuiltinType f32 -> "f32" (built-in type)
            BuiltinType f64 -> "f64" (built-in type)
            BuiltinType char -> "char" (built-in type)
            BuiltinType string -> "string" (built-in type)
            BuiltinType error-context -> "error-context" (built-in type)
            BuiltinType list -> "list<$1>" (list<...>)
            BuiltinType option -> "option<$1>" (option<...>)
            BuiltinType result -> "result<$1, $2>" (result<...>)
            BuiltinType tuple -> "tuple<$1>" (tuple<...>)
            BuiltinType borrow -> "borrow<$1>" (borrow<...>)
            BuiltinType own -> "own<$1>" (own<...>)
            BuiltinType future -> "future<$1>" (future<...>)
            BuiltinType stream -> "stream<$1>" (stream<...>)"#]],
    );
}

/// The labels offered at the cursor, one per line.
fn labels(fixture: &str) -> String {
    let fixture = Fixture::parse(&format!("{fixture}{DEPS}"));
    let (path, offset) = fixture.cursor();
    completions(&fixture.snapshot, path, offset)
        .iter()
        .map(|item| format!("{:?} {}", item.kind, item.label))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn use_items_on_the_line_after_the_brace() {
    expect![[r#"
        Definition(Resource) input-stream
        Definition(TypeAlias) size"#]]
    .assert_eq(&labels(
        r#"
//- /pkg/a.wit
package demo:app;

interface api {
    use wasi:io/streams@0.2.0.{
        $0
    };
}
"#,
    ));
}

#[test]
fn use_items_after_a_comment_and_line_breaks_in_a_broken_file() {
    expect![[r#"
        Definition(Resource) input-stream
        Definition(TypeAlias) size"#]]
    .assert_eq(&labels(
        r#"
//- /pkg/a.wit
package demo:app;

interface api {
    use wasi:io/streams@0.2.0.{
        input-stream, // the reader
        si$0
"#,
    ));
}

#[test]
fn field_type_on_the_line_after_the_colon() {
    expect![[r#"
        BuiltinType bool
        BuiltinType s8
        BuiltinType s16
        BuiltinType s32
        BuiltinType s64
        BuiltinType u8
        BuiltinType u16
        BuiltinType u32
        BuiltinType u64
        BuiltinType f32
        BuiltinType f64
        BuiltinType char
        BuiltinType string
        BuiltinType error-context
        BuiltinType list
        BuiltinType option
        BuiltinType result
        BuiltinType tuple
        BuiltinType borrow
        BuiltinType own
        BuiltinType future
        BuiltinType stream
        Definition(Record) point
        Definition(Record) r"#]]
    .assert_eq(&labels(
        r#"
//- /pkg/a.wit
package demo:app;

interface api {
    record point { x: u32 }
    record r {
        a:
            $0
    }
}
"#,
    ));
}

#[test]
fn field_type_on_the_line_after_the_colon_in_a_broken_file() {
    expect![[r#"
        BuiltinType bool
        BuiltinType s8
        BuiltinType s16
        BuiltinType s32
        BuiltinType s64
        BuiltinType u8
        BuiltinType u16
        BuiltinType u32
        BuiltinType u64
        BuiltinType f32
        BuiltinType f64
        BuiltinType char
        BuiltinType string
        BuiltinType error-context
        BuiltinType list
        BuiltinType option
        BuiltinType result
        BuiltinType tuple
        BuiltinType borrow
        BuiltinType own
        BuiltinType future
        BuiltinType stream
        Definition(Record) point
        Definition(Record) r"#]]
    .assert_eq(&labels(
        r#"
//- /pkg/a.wit
package demo:app;

interface api {
    record point { x: u32 }
    record r {
        a:
            p$0
"#,
    ));
}

#[test]
fn list_argument_on_the_next_line() {
    expect![[r#"
        BuiltinType bool
        BuiltinType s8
        BuiltinType s16
        BuiltinType s32
        BuiltinType s64
        BuiltinType u8
        BuiltinType u16
        BuiltinType u32
        BuiltinType u64
        BuiltinType f32
        BuiltinType f64
        BuiltinType char
        BuiltinType string
        BuiltinType error-context
        BuiltinType list
        BuiltinType option
        BuiltinType result
        BuiltinType tuple
        BuiltinType borrow
        BuiltinType own
        BuiltinType future
        BuiltinType stream
        Definition(Record) point
        Definition(Record) r"#]]
    .assert_eq(&labels(
        r#"
//- /pkg/a.wit
package demo:app;

interface api {
    record point { x: u32 }
    record r {
        a: list<
            $0>,
    }
}
"#,
    ));
}

#[test]
fn export_on_its_own_line() {
    expect![[r#"
        Definition(Package) wasi:clocks
        Definition(Package) wasi:io
        Definition(Interface) api"#]]
    .assert_eq(&labels(
        r#"
//- /pkg/a.wit
package demo:app;

interface api {}

world app {
    export
        $0
}
"#,
    ));
}

#[test]
fn export_label_on_its_own_line_offers_func() {
    expect![[r#"
        Keyword func
        Keyword async
        Keyword interface
        Definition(Package) wasi:clocks
        Definition(Package) wasi:io
        Definition(Interface) api"#]]
    .assert_eq(&labels(
        r#"
//- /pkg/a.wit
package demo:app;

interface api {}

world app {
    export run:
        $0
"#,
    ));
}

#[test]
fn include_on_its_own_line() {
    expect![[r#"
        Definition(Package) wasi:clocks
        Definition(Package) wasi:io
        Definition(World) base
        Definition(World) app"#]]
    .assert_eq(&labels(
        r#"
//- /pkg/a.wit
package demo:app;

world base {}
interface not-a-world {}

world app {
    /// Everything `base` has.
    include
        $0
}
"#,
    ));
}

#[test]
fn import_after_a_gate_on_the_same_line() {
    expect![[r#"
        Definition(Package) wasi:clocks
        Definition(Package) wasi:io
        Definition(Interface) api"#]]
    .assert_eq(&labels(
        r#"
//- /pkg/a.wit
package demo:app@0.3.0;

interface api {}

world app {
    @since(version = 0.3.0) import $0
}
"#,
    ));
}

#[test]
fn since_version_on_the_line_after_the_parenthesis() {
    expect!["Keyword 0.3.0"].assert_eq(&labels(
        r#"
//- /pkg/a.wit
package demo:app@0.3.0;

interface api {
    @since(
        version = $0
    f: func();
}
"#,
    ));
}

#[test]
fn unstable_feature_offers_the_features_of_other_gates() {
    expect!["Keyword fancy-io"].assert_eq(&labels(
        r#"
//- /pkg/a.wit
package demo:app;

interface api {
    @unstable(feature = fancy-io)
    g: func();
    @unstable(
        feature = $0)
    f: func();
}
"#,
    ));
}

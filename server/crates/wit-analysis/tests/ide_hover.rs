//! Hover on fixtures: signature, alias chain, docs, location, gates and deprecation.

#[path = "ide/corpus.rs"]
mod corpus;
#[path = "ide/fixture.rs"]
mod fixture;

use corpus::{BROKEN, VALID, with_cursor};
use expect_test::{Expect, expect};
use fixture::Fixture;
use wit_analysis::ide::hover::hover;

fn check(fixture: &str, expect: Expect) {
    let fixture = Fixture::parse(fixture);
    let (path, offset) = fixture.cursor();
    let rendered = fixture.render_hover(path, hover(&fixture.snapshot, path, offset));
    expect.assert_eq(&rendered);
}

#[test]
fn hover_on_a_dependency_resource_shows_docs_and_gates() {
    check(
        &with_cursor(VALID, "/pkg/types.wit", "data: $0input-stream", 0),
        expect![[r#"
        types.wit 206..218 "input-stream"
        ```wit
        resource input-stream
        ```

        *resource* in `wasi:io@0.2.0/streams`

        Gates: `@since(version = 0.2.0)`

        ---

        An input stream.
    "#]],
    );
}

#[test]
fn hover_on_an_alias_shows_the_resolved_chain() {
    check(
        &with_cursor(VALID, "/pkg/types.wit", "result<$0twice", 0),
        expect![[r#"
            types.wit 590..595 "twice"
            ```wit
            type twice = body-alias
            ```

            Resolves to: `twice` → `type body-alias` → `record body`

            *type* in `demo:http@0.1.0/types`
        "#]],
    );
}

#[test]
fn hover_on_a_use_alias() {
    check(
        &with_cursor(VALID, "/pkg/types.wit", "sink: $0out", 0),
        expect![[r#"
        types.wit 234..237 "out"
        ```wit
        resource output-stream
        ```

        `out` is a `use` alias of `output-stream`

        *resource* in `wasi:io@0.2.0/streams`
    "#]],
    );
}

#[test]
fn hover_on_a_deprecated_enum() {
    check(
        &with_cursor(VALID, "/pkg/types.wit", "m: $0method", 0),
        expect![[r#"
        types.wit 572..578 "method"
        ```wit
        enum method { get, post }
        ```

        *enum* in `demo:http@0.1.0/types`

        Gates: `@deprecated(version = 0.1.0)`

        **Deprecated**
    "#]],
    );
}

#[test]
fn hover_on_a_function_definition() {
    check(
        &with_cursor(VALID, "/pkg/types.wit", "handle:", 0),
        expect![[r#"
        types.wit 536..542 "handle"
        ```wit
        handle: func(r: borrow<request>, m: method) -> result<twice, error>
        ```

        *function* in `demo:http@0.1.0/types`
    "#]],
    );
}

#[test]
fn hover_on_a_record_with_docs() {
    check(
        &with_cursor(VALID, "/pkg/world.wit", "b: $0body", 0),
        expect![[r#"
        world.wit 139..143 "body"
        ```wit
        record body {
            data: input-stream,
            sink: out,
        }
        ```

        *record* in `demo:http@0.1.0/types`

        ---

        A request body.
    "#]],
    );
}

#[test]
fn hover_on_a_broken_file() {
    check(
        &with_cursor(BROKEN, "/pkg/types.wit", "b: $0body", 0),
        expect![[r#"
        types.wit 190..194 "body"
        ```wit
        record body {
            data: input-stream,
            sink: missing-type
        }
        ```

        *record* in `demo:http@0.1.0/types`
    "#]],
    );
}

#[test]
fn hover_on_an_unknown_name_is_empty() {
    check(
        &with_cursor(BROKEN, "/pkg/types.wit", "missing-type", 0),
        expect!["no hover"],
    );
}

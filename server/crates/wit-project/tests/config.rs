//! `wit-lsp.toml`: every key parses, and every problem names the file, line, column and key.
//! Snapshots refresh with `UPDATE_EXPECT=1 cargo test -p wit-project --test config`.

use std::path::Path;

use expect_test::{Expect, expect};
use wit_project::config::{CONFIG_FILE, MockBehaviour, find_config, load_config, parse_config};

fn error_of(text: &str, expect: Expect) {
    let error = parse_config(Path::new("/p/wit-lsp.toml"), text).expect_err("an error");
    let range = error.range.clone().expect("a place");
    let rendered = format!(
        "{error}\nkey: {:?}\ntext: {:?}\n",
        error.key,
        &text[range.start..range.end.min(text.len())]
    );
    expect.assert_eq(&rendered);
}

#[test]
fn every_key_parses() {
    let text = r##"
[format]
indent = 2
width = 80
use-tabs = true

[[component]]
world = "sample:kv-store/kv-database"
path = "target/kv.wasm"
build = "cargo build"

[[component]]
path = "/abs/other.wasm"

[mocks]
log = "log"
"kvdb.[method]connection.get" = ['some("a#b")', "none"] # a comment # with hashes
"kvdb.[method]connection.set" = { log = true }
"clock.now" = { result = "{seconds: 0, nanoseconds: 0}" }
"rng.next" = { results = ["1", "2"] }
"greeting" = "\"hi # there\""
"##;
    let config = parse_config(Path::new("/p/wit-lsp.toml"), text).expect("valid");
    assert_eq!(config.format.indent, Some(2));
    assert_eq!(config.format.width, Some(80));
    assert_eq!(config.format.use_tabs, Some(true));
    let mut options = wit_syntax::format::FormatOptions::default();
    config.format.apply(&mut options);
    assert_eq!(
        (options.indent, options.width, options.use_tabs),
        (2, 80, true)
    );
    assert_eq!(config.components.len(), 2);
    assert_eq!(config.components[0].path, Path::new("/p/target/kv.wasm"));
    assert_eq!(config.components[0].build.as_deref(), Some("cargo build"));
    assert_eq!(
        config.components[0].world.as_deref(),
        Some("sample:kv-store/kv-database")
    );
    assert_eq!(config.components[1].path, Path::new("/abs/other.wasm"));
    let mock = |key: &str| {
        config
            .mocks
            .iter()
            .find(|mock| mock.key == key)
            .map(|mock| mock.behaviour.clone())
            .unwrap_or_else(|| panic!("no mock {key}"))
    };
    assert_eq!(mock("log"), MockBehaviour::Log);
    assert_eq!(
        mock("kvdb.[method]connection.get"),
        MockBehaviour::Results(vec!["some(\"a#b\")".into(), "none".into()])
    );
    assert_eq!(mock("kvdb.[method]connection.set"), MockBehaviour::Log);
    assert_eq!(
        mock("clock.now"),
        MockBehaviour::Results(vec!["{seconds: 0, nanoseconds: 0}".into()])
    );
    assert_eq!(
        mock("rng.next"),
        MockBehaviour::Results(vec!["1".into(), "2".into()])
    );
    assert_eq!(
        mock("greeting"),
        MockBehaviour::Results(vec!["\"hi # there\"".into()])
    );
    // An empty file is an empty configuration.
    assert_eq!(
        parse_config(Path::new("/p/wit-lsp.toml"), "")
            .unwrap()
            .mocks,
        vec![]
    );
}

#[test]
fn problems_name_the_line_column_and_key() {
    error_of(
        "[format]\nindent = 2\nwidht = 80\n",
        expect![[r#"
            /p/wit-lsp.toml:3:1: `format.widht`: unknown field `widht`, expected one of `indent`, `width`, `use-tabs`
            key: Some("format.widht")
            text: "widht"
        "#]],
    );
    error_of(
        "[format]\nwidth = \"wide\"\n",
        expect![[r#"
            /p/wit-lsp.toml:2:9: `format.width`: invalid type: string "wide", expected an integer
            key: Some("format.width")
            text: "\"wide\""
        "#]],
    );
    error_of(
        "[format]\nwidth = 0\n",
        expect![[r#"
            /p/wit-lsp.toml:2:9: `format.width` must be from 20 to 1000, found 0
            key: Some("format.width")
            text: "0"
        "#]],
    );
    error_of(
        "[[component]]\nworld = 3\npath = \"x\"\n",
        expect![[r#"
            /p/wit-lsp.toml:2:9: `component.world`: invalid type: integer `3`, expected a string
            key: Some("component.world")
            text: "3"
        "#]],
    );
    error_of(
        "[[component]]\nworld = \"a:b/c\"\n",
        expect![[r#"
            /p/wit-lsp.toml:1:1: `component[1].path` is required: the built component's file
            key: Some("component[1].path")
            text: "[[component]]"
        "#]],
    );
    error_of(
        "[mocks]\n\"kvdb.get\" = 3\n",
        expect![[r#"
            /p/wit-lsp.toml:2:14: `mocks."kvdb.get"`: a mock is "log", a WAVE result string, a list of them, or a table `{ log = true }`, `{ result = "..." }` or `{ results = [...] }`
            key: Some("mocks.\"kvdb.get\"")
            text: "3"
        "#]],
    );
    error_of(
        "[mocks]\nnext = []\n",
        expect![[r#"
            /p/wit-lsp.toml:2:8: `mocks."next"`: the list of results is empty
            key: Some("mocks.\"next\"")
            text: "[]"
        "#]],
    );
    error_of(
        "[mocks]\nnext = \"unterminated\n",
        expect![[r#"
            /p/wit-lsp.toml:2:21: `mocks.next`: invalid basic string
            key: Some("mocks.next")
            text: "\n"
        "#]],
    );
    error_of(
        "[mock]\nlog = \"log\"\n",
        expect![[r#"
            /p/wit-lsp.toml:1:2: `mock`: unknown field `mock`, expected one of `format`, `component`, `mocks`
            key: Some("mock")
            text: "mock"
        "#]],
    );
}

#[test]
fn the_nearest_file_upwards_applies_and_a_missing_one_is_an_io_error() {
    let dir = tempfile::tempdir().unwrap();
    let package = dir.path().join("project/wit");
    std::fs::create_dir_all(&package).unwrap();
    assert_eq!(find_config(&package), None);
    std::fs::write(dir.path().join(CONFIG_FILE), "").unwrap();
    assert_eq!(find_config(&package), Some(dir.path().join(CONFIG_FILE)));
    let nearer = dir.path().join("project").join(CONFIG_FILE);
    std::fs::write(&nearer, "[format]\nindent = 3\n").unwrap();
    assert_eq!(find_config(&package), Some(nearer.clone()));
    assert_eq!(load_config(&nearer).unwrap().format.indent, Some(3));
    let error = load_config(&dir.path().join("none/wit-lsp.toml")).unwrap_err();
    assert!(error.range.is_none());
    assert!(
        error.to_string().contains("cannot read the project file"),
        "{error}"
    );
}

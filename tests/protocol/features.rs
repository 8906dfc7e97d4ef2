//! Editor features over LSP, against the server in process (`Server::in_process`: the real
//! transport, method table and handlers), on a small package with a `deps/` entry written to
//! a temporary directory.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use wit_lsp_test_client::{file_uri, position_of, text_document_position};

const TYPES: &str = "package demo:app@0.1.0;

interface types {
    use wasi:io/streams@0.2.0.{input-stream};

    /// A request body.
    record body {
        data: input-stream,
    }

    handle: func(b: body) -> body;
}
";

const WORLD: &str = "package demo:app@0.1.0;

world app {
    export types;
}
";

const STREAMS: &str = "package wasi:io@0.2.0;

interface streams {
    /// Bytes in.
    resource input-stream;
}
";

fn package() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("app");
    std::fs::create_dir_all(root.join("deps/io")).expect("mkdir");
    std::fs::write(root.join("types.wit"), TYPES).expect("write");
    std::fs::write(root.join("world.wit"), WORLD).expect("write");
    std::fs::write(root.join("deps/io/streams.wit"), STREAMS).expect("write");
    (dir, root)
}

fn spawn(root: &Path) -> wit_lsp_test_client::Server {
    let mut server = wit_lsp_test_client::Server::in_process();
    server.initialize(root, &["utf-8"]);
    server
}

#[test]
fn capabilities_advertise_the_features() {
    let (_dir, root) = package();
    let mut server = wit_lsp_test_client::Server::in_process();
    let response = server.initialize(&root, &["utf-8"]);
    let capabilities = &response["result"]["capabilities"];
    for key in [
        "definitionProvider",
        "referencesProvider",
        "hoverProvider",
        "documentHighlightProvider",
    ] {
        assert_eq!(capabilities[key], true, "{key} in {capabilities}");
    }
    server.shutdown();
}

#[test]
fn definition_of_a_use_item_lands_in_the_dependency() {
    let (_dir, root) = package();
    let mut server = spawn(&root);
    let uri = server.open(&root.join("types.wit"), 1);
    let response = server.request(
        "textDocument/definition",
        text_document_position(&uri, position_of(TYPES, "input-stream", 0, 1)),
    );
    let location = &response["result"][0];
    assert_eq!(
        location["uri"],
        file_uri(&root.join("deps/io/streams.wit")),
        "{response}"
    );
    assert_eq!(
        location["range"]["start"],
        position_of(STREAMS, "input-stream", 0, 0)
    );
    server.shutdown();
}

#[test]
fn references_span_files_and_honour_include_declaration() {
    let (_dir, root) = package();
    let mut server = spawn(&root);
    let uri = server.open(&root.join("types.wit"), 1);
    let params = |include: bool| {
        let mut params = text_document_position(&uri, position_of(TYPES, "types", 0, 0));
        params["context"] = json!({ "includeDeclaration": include });
        params
    };
    let with = server.request("textDocument/references", params(true));
    let without = server.request("textDocument/references", params(false));
    let with = with["result"].as_array().expect("locations").clone();
    let without = without["result"].as_array().expect("locations").clone();
    assert_eq!(with.len(), without.len() + 1);
    assert!(
        without
            .iter()
            .all(|l| l["uri"] == file_uri(&root.join("world.wit"))),
        "{without:?}"
    );
    server.shutdown();
}

#[test]
fn hover_shows_the_signature_and_docs() {
    let (_dir, root) = package();
    let mut server = spawn(&root);
    let uri = server.open(&root.join("types.wit"), 1);
    let response = server.request(
        "textDocument/hover",
        text_document_position(&uri, position_of(TYPES, "b: body", 0, 3)),
    );
    let value = response["result"]["contents"]["value"]
        .as_str()
        .expect("markdown")
        .to_string();
    assert!(value.contains("record body {"), "{value}");
    assert!(value.contains("A request body."), "{value}");
    server.shutdown();
}

#[test]
fn requests_see_the_latest_edit() {
    let (_dir, root) = package();
    let mut server = spawn(&root);
    let uri = server.open(&root.join("types.wit"), 1);
    // Rename the record in the editor only; the function's result now names `payload`.
    let start = position_of(TYPES, "body {", 0, 0);
    let end = position_of(TYPES, "body {", 0, 4);
    server.change(
        &uri,
        2,
        json!([{ "range": { "start": start, "end": end }, "text": "payload" }]),
    );
    let edited = TYPES.replacen("body {", "payload {", 1);
    let response = server.request(
        "textDocument/definition",
        text_document_position(&uri, position_of(&edited, "b: body", 0, 3)),
    );
    assert_eq!(response["result"], Value::Null, "{response}");
    let response = server.request(
        "textDocument/documentHighlight",
        text_document_position(&uri, position_of(&edited, "payload", 0, 1)),
    );
    assert_eq!(
        response["result"].as_array().map(Vec::len),
        Some(1),
        "{response}"
    );
    server.shutdown();
}

#[test]
fn completion_after_use_namespace_lists_dependency_packages() {
    let (_dir, root) = package();
    let mut server = spawn(&root);
    let uri = server.open(&root.join("types.wit"), 1);
    let start = position_of(TYPES, "use wasi:io", 0, 4);
    let end = position_of(TYPES, "use wasi:io", 0, 11);
    server.change(
        &uri,
        2,
        json!([{ "range": { "start": start, "end": end }, "text": "wasi:" }]),
    );
    let edited = TYPES.replacen("use wasi:io", "use wasi:", 1);
    let response = server.request(
        "textDocument/completion",
        text_document_position(&uri, position_of(&edited, "use wasi:", 0, 9)),
    );
    let labels: Vec<&str> = response["result"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|item| item["label"].as_str())
        .collect();
    assert_eq!(labels, ["wasi:io"], "{response}");
    server.shutdown();
}

#[test]
fn outline_tokens_folding_and_workspace_symbols() {
    let (_dir, root) = package();
    let mut server = spawn(&root);
    let uri = server.open(&root.join("types.wit"), 1);
    let document = json!({ "textDocument": { "uri": uri } });
    let outline = server.request("textDocument/documentSymbol", document.clone());
    assert_eq!(outline["result"][0]["name"], "types", "{outline}");
    assert_eq!(
        outline["result"][0]["children"][0]["name"], "body",
        "{outline}"
    );
    let tokens = server.request("textDocument/semanticTokens/full", document.clone());
    let data = tokens["result"]["data"].as_array().expect("data");
    assert!(
        data.len() > 5 * 10 && data.len().is_multiple_of(5),
        "{tokens}"
    );
    let folds = server.request("textDocument/foldingRange", document);
    assert!(
        !folds["result"].as_array().expect("folds").is_empty(),
        "{folds}"
    );
    let symbols = server.request("workspace/symbol", json!({ "query": "instr" }));
    let names: Vec<&str> = symbols["result"]
        .as_array()
        .expect("symbols")
        .iter()
        .filter_map(|s| s["name"].as_str())
        .collect();
    assert_eq!(names, ["input-stream"], "{symbols}");
    server.shutdown();
}

#[test]
fn rename_edits_the_package_and_refuses_vendored_items() {
    let (_dir, root) = package();
    let mut server = spawn(&root);
    let uri = server.open(&root.join("types.wit"), 1);
    let mut params = text_document_position(&uri, position_of(TYPES, "b: body", 0, 3));
    params["newName"] = json!("payload");
    let response = server.request("textDocument/rename", params);
    let edits = response["result"]["changes"][&uri]
        .as_array()
        .expect("edits")
        .clone();
    assert_eq!(edits.len(), 3, "{response}");
    assert!(edits.iter().all(|e| e["newText"] == "payload"));

    let mut params = text_document_position(&uri, position_of(TYPES, "data: input-stream", 0, 7));
    params["newName"] = json!("reader");
    let response = server.request("textDocument/rename", params);
    let message = response["error"]["message"]
        .as_str()
        .expect("a refusal")
        .to_string();
    assert!(message.contains("vendored"), "{response}");
    server.shutdown();
}

#[test]
fn unused_use_is_a_tagged_warning_with_a_fix() {
    let (_dir, root) = package();
    let text = TYPES.replace(
        "record body {\n        data: input-stream,\n    }",
        "record body {\n        data: u32,\n    }",
    );
    std::fs::write(root.join("types.wit"), &text).expect("write");
    let mut server = spawn(&root);
    let uri = server.open(&root.join("types.wit"), 1);
    let published = server.wait_for_diagnostics(&uri, |p| {
        p["diagnostics"].as_array().is_some_and(|d| !d.is_empty())
    });
    let warning = &published["diagnostics"][0];
    assert_eq!(warning["code"], "unused-use", "{published}");
    assert_eq!(warning["severity"], 2);
    assert_eq!(warning["tags"], json!([1]));
    let response = server.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": warning["range"], "context": { "diagnostics": [warning] } }),
    );
    let titles: Vec<&str> = response["result"]
        .as_array()
        .expect("actions")
        .iter()
        .filter_map(|a| a["title"].as_str())
        .collect();
    assert!(
        titles
            .iter()
            .any(|t| t.starts_with("Remove the unused `use`")),
        "{response}"
    );
    server.shutdown();
}

#[test]
fn document_links_and_inlay_hints() {
    let (_dir, root) = package();
    let text = TYPES.replace(
        "handle: func(b: body) -> body;",
        "type payload = body;\n    handle: func(b: payload) -> body;",
    );
    std::fs::write(root.join("types.wit"), &text).expect("write");
    let mut server = spawn(&root);
    let uri = server.open(&root.join("types.wit"), 1);
    let links = server.request(
        "textDocument/documentLink",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert_eq!(
        links["result"][0]["target"],
        file_uri(&root.join("deps/io/streams.wit")),
        "{links}"
    );
    let hints = server.request(
        "textDocument/inlayHint",
        json!({ "textDocument": { "uri": uri }, "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 20, "character": 0 } } }),
    );
    assert_eq!(hints["result"][0]["label"], " = record body", "{hints}");
    server.shutdown();
}

/// Two packages of one workspace, the app's `deps/lib` a link to the lib's directory: a
/// rename in the lib also edits the app's references, and applying every edit leaves both
/// packages clean under `wit-lsp check`.
#[cfg(unix)]
#[test]
fn rename_reaches_a_package_whose_deps_entry_links_to_the_renamed_one() {
    const LIB: &str = "package demo:lib;\n\ninterface types {\n    record point { x: u32 }\n}\n";
    const APP: &str = "package demo:app;\n\nworld app {\n    use demo:lib/types.{point};\n    import draw: func(p: point) -> list<point>;\n}\n";
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = dir.path().join("lib");
    let app = dir.path().join("app");
    std::fs::create_dir_all(&lib).expect("mkdir");
    std::fs::create_dir_all(app.join("deps")).expect("mkdir");
    std::fs::write(lib.join("types.wit"), LIB).expect("write");
    std::fs::write(app.join("world.wit"), APP).expect("write");
    std::os::unix::fs::symlink("../../lib", app.join("deps/lib")).expect("symlink");

    let mut server = wit_lsp_test_client::Server::in_process();
    server.initialize(dir.path(), &["utf-8"]);
    let lib_uri = server.open(&lib.join("types.wit"), 1);
    let mut params = text_document_position(&lib_uri, position_of(LIB, "point", 0, 0));
    params["newName"] = json!("spot");
    let response = server.request("textDocument/rename", params);
    let changes = response["result"]["changes"]
        .as_object()
        .expect("changes")
        .clone();
    let app_uri = file_uri(&app.join("world.wit"));
    assert_eq!(changes.len(), 2, "{response}");
    assert_eq!(
        changes[&lib_uri].as_array().map(Vec::len),
        Some(1),
        "{response}"
    );
    assert_eq!(
        changes[&app_uri].as_array().map(Vec::len),
        Some(3),
        "{response}"
    );
    server.shutdown();

    // Apply the edits as an editor would and check both packages.
    for (uri, edits, path, text) in [
        (&lib_uri, &changes[&lib_uri], lib.join("types.wit"), LIB),
        (&app_uri, &changes[&app_uri], app.join("world.wit"), APP),
    ] {
        let mut edits = edits.as_array().expect("edits").clone();
        edits.sort_by_key(|edit| {
            let start = &edit["range"]["start"];
            std::cmp::Reverse((start["line"].as_u64(), start["character"].as_u64()))
        });
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        for edit in edits {
            let start = &edit["range"]["start"];
            let end = &edit["range"]["end"];
            assert_eq!(start["line"], end["line"], "{uri}: {edit}");
            let line = &mut lines[start["line"].as_u64().expect("line") as usize];
            let (from, to) = (
                start["character"].as_u64().expect("character") as usize,
                end["character"].as_u64().expect("character") as usize,
            );
            line.replace_range(from..to, edit["newText"].as_str().expect("text"));
        }
        std::fs::write(&path, lines.join("\n") + "\n").expect("write");
    }
    let app_text = std::fs::read_to_string(app.join("world.wit")).expect("read");
    assert_eq!(app_text.matches("spot").count(), 3, "{app_text}");
    for package in [&lib, &app] {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_wit-lsp"))
            .arg("check")
            .arg(package)
            .output()
            .expect("wit-lsp check");
        assert!(
            output.status.success(),
            "{}: {}{}",
            package.display(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

#[test]
fn an_edit_republishes_only_the_files_whose_diagnostics_changed() {
    // Three files with an unused `use` each: warnings everywhere. Editing one file's doc
    // comment changes nothing for the others, so only the edited file is published again.
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("app");
    std::fs::create_dir_all(&root).expect("mkdir");
    for name in ["a", "b", "c"] {
        std::fs::write(
            root.join(format!("{name}.wit")),
            format!(
                "package demo:app;\n\ninterface {name}-base {{\n    type t = u32;\n}}\n\n\
                 /// Doc.\ninterface {name} {{\n    use {name}-base.{{t}};\n}}\n"
            ),
        )
        .expect("write");
    }
    let mut server = spawn(&root);
    let a = root.join("a.wit");
    let uri_a = server.open(&a, 1);
    let uri_b = file_uri(&root.join("b.wit"));
    server.wait_for_diagnostics(&uri_b, |params| {
        params["diagnostics"]
            .as_array()
            .is_some_and(|d| !d.is_empty())
    });
    server.wait_for_diagnostics(&uri_a, |params| params["version"] == 1);
    let before_b = server.diagnostics_for(&uri_b).len();
    for version in 2..6 {
        let text = "x".repeat(version as usize);
        server.change(
            &uri_a,
            version,
            json!([{ "range": { "start": { "line": 6, "character": 7 }, "end": { "line": 6, "character": 7 } }, "text": text }]),
        );
        server.wait_for_diagnostics(&uri_a, |params| params["version"] == version);
    }
    server.settle(&uri_a, std::time::Duration::from_millis(100));
    assert_eq!(
        server.diagnostics_for(&uri_b).len(),
        before_b,
        "b.wit was published again though its diagnostics did not change"
    );
    // A change that does touch b's diagnostics is still published: remove its `use`.
    let uri_b_text = std::fs::read_to_string(root.join("b.wit")).unwrap();
    server.open(&root.join("b.wit"), 1);
    server.change(
        &uri_b,
        2,
        json!([{ "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 99, "character": 0 } },
                 "text": uri_b_text.replace("    use b-base.{t};\n", "") }]),
    );
    server.wait_for_diagnostics(&uri_b, |params| {
        params["version"] == 2 && params["diagnostics"] == json!([])
    });
    server.shutdown();
}

//! Binding previews and component inspection over LSP, against the server in process
//! (`Server::in_process`: the real transport, method table and handlers).

use std::time::Duration;

use serde_json::{Value, json};
use wit_lsp_test_client::{Server, copy_tree, workspace_root};

fn spawn() -> Server {
    Server::in_process()
}

fn kv_store_copy() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let package = dir.path().join("kv-store");
    copy_tree(&workspace_root().join("wit-samples/kv-store/wit"), &package);
    (dir, package)
}

fn file_names(result: &Value) -> Vec<String> {
    result["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn previews_follow_the_wit_and_are_marked_stale_while_it_is_broken() {
    let (_dir, package) = kv_store_copy();
    let mut server = spawn();
    server.initialize(&package, &["utf-16"]);
    let uri = server.open(&package.join("world.wit"), 1);
    server.wait_for_diagnostics(&uri, |_| true);

    let guest = server.request("wit/bindings", json!({ "uri": uri, "language": "rust" }));
    let result = &guest["result"];
    assert_eq!(
        result["world"], "sample:kv-store/kv-database@0.1.0",
        "{guest}"
    );
    assert_eq!(result["stale"], false);
    let text = result["files"][0]["text"].as_str().unwrap();
    assert_eq!(result["files"][0]["languageId"], "rust");
    assert!(
        text.contains("fn replace_value"),
        "guest Rust has the export"
    );

    let host = server.request(
        "wit/bindings",
        json!({ "uri": uri, "language": "host-rust" }),
    );
    assert!(
        host["result"]["files"][0]["text"]
            .as_str()
            .unwrap()
            .contains("wasmtime"),
        "{host}"
    );

    let c = server.request("wit/bindings", json!({ "uri": uri, "language": "c" }));
    let names = file_names(&c["result"]);
    assert!(names.iter().any(|n| n.ends_with(".h")), "{names:?}");
    let object = c["result"]["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["binary"] == true);
    assert!(
        object.is_some_and(|o| o["size"].as_u64().unwrap() > 0),
        "{c}"
    );

    // Edit: a new export appears in the preview after the re-analysis notification.
    let text = std::fs::read_to_string(package.join("world.wit")).unwrap();
    let edited = text.replace(
        "export replace-value",
        "export count-keys: func() -> u32;\n    export replace-value",
    );
    server.change(&uri, 2, json!([{ "text": edited }]));
    server.wait_for_diagnostics(&uri, |p| p["version"] == 2);
    server.settle(&uri, Duration::from_millis(200));
    assert!(
        server
            .other
            .iter()
            .any(|m| m["method"] == "wit/bindingsChanged")
    );
    let guest = server.request("wit/bindings", json!({ "uri": uri, "language": "rust" }));
    assert!(
        guest["result"]["files"][0]["text"]
            .as_str()
            .unwrap()
            .contains("fn count_keys")
    );

    // Break it: the preview stays (last clean version) and says it is stale.
    server.change(&uri, 3, json!([{ "text": format!("{edited}\n garbage") }]));
    server.wait_for_diagnostics(&uri, |p| p["version"] == 3);
    let stale = server.request("wit/bindings", json!({ "uri": uri, "language": "rust" }));
    assert_eq!(stale["result"]["stale"], true, "{stale}");
    assert!(
        stale["result"]["files"][0]["text"]
            .as_str()
            .unwrap()
            .contains("fn count_keys")
    );

    // The same through workspace/executeCommand for generic clients.
    let command = server.request(
        "workspace/executeCommand",
        json!({ "command": "wit.showBindings", "arguments": [{ "uri": uri, "language": "go" }] }),
    );
    assert!(!file_names(&command["result"]).is_empty(), "{command}");

    // Bad requests are errors, not crashes.
    let bad = server.request("wit/bindings", json!({ "uri": uri, "language": "cobol" }));
    assert!(
        bad["error"]["message"].as_str().unwrap().contains("cobol"),
        "{bad}"
    );
    server.shutdown();
}

#[test]
fn opening_a_package_warms_the_preview_cache_once() {
    let (_dir, package) = kv_store_copy();
    let mut server = spawn();
    server.initialize(&package, &["utf-16"]);
    let uri = server.open(&package.join("world.wit"), 1);
    server.wait_for_diagnostics(&uri, |_| true);
    let warmed = server.preview_warm_ups_settled();
    assert_eq!(warmed["warmUpsFinished"], 1, "{warmed}");
    let entries = warmed["entries"].as_u64().unwrap();
    assert!(entries > 0, "the warm-up formatted nothing: {warmed}");

    // Another analysis of the same texts (a watched-file event, say, or the start-up scan
    // finishing after the open) keeps the package the warm-up generated from.
    let published = server.diagnostics_for(&uri).len();
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri, "type": 2 }] }),
    );
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while server.diagnostics_for(&uri).len() == published {
        assert!(std::time::Instant::now() < deadline, "no second analysis");
        server.settle(&uri, Duration::from_millis(20));
    }

    // The warm-up's host preview (default options) is answered from its files as they are.
    let runs = warmed["generatorRuns"].as_u64().unwrap();
    let host = server.request(
        "wit/bindings",
        json!({ "uri": uri, "language": "host-rust" }),
    );
    assert!(host["result"]["files"].is_array(), "{host}");
    let status = server.request("wit/bindingsCacheStatus", json!(null))["result"].clone();
    assert_eq!(status["generatorRuns"], runs, "{status}");

    // Other previews a user opens first are cache hits: nothing new is formatted.
    for language in ["rust", "host-rust"] {
        let preview = server.request("wit/bindings", json!({ "uri": uri, "language": language }));
        assert!(preview["result"]["files"].is_array(), "{preview}");
        let status = server.request("wit/bindingsCacheStatus", json!(null))["result"].clone();
        assert_eq!(
            status["entries"], entries,
            "{language} preview missed: {status}"
        );
    }
    let status = server.request("wit/bindingsCacheStatus", json!(null))["result"].clone();
    assert_eq!(
        status["generatorRuns"],
        runs + 1,
        "only the Rust guest preview without `generateAll` ran a generator: {status}"
    );

    // An edit is not a reason to warm up again: the previews' own runs keep the cache.
    let text = std::fs::read_to_string(package.join("world.wit")).unwrap();
    server.change(&uri, 2, json!([{ "text": format!("{text}\n") }]));
    server.wait_for_diagnostics(&uri, |p| p["version"] == 2);
    let after_edit = server.preview_warm_ups_settled();
    assert_eq!(after_edit["warmUpsFinished"], 1, "{after_edit}");
    server.shutdown();
}

#[test]
fn the_preview_warm_up_can_be_turned_off() {
    let (_dir, package) = kv_store_copy();
    let mut server = spawn();
    server.initialize(&package, &["utf-16"]);
    server.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "wit-lsp": { "bindings": { "warmUp": false } } } }),
    );
    let uri = server.open(&package.join("world.wit"), 1);
    server.wait_for_diagnostics(&uri, |_| true);
    let status = server.preview_warm_ups_settled();
    assert_eq!(status["warmUpsFinished"], 0, "{status}");
    assert_eq!(status["entries"], 0, "{status}");
    // Previews still work; they fill the cache themselves.
    let preview = server.request("wit/bindings", json!({ "uri": uri, "language": "rust" }));
    assert!(preview["result"]["files"].is_array(), "{preview}");
    let status = server.preview_warm_ups_settled();
    assert!(status["entries"].as_u64().unwrap() > 0, "{status}");
    server.shutdown();
}

#[test]
fn several_worlds_need_a_choice_or_the_cursor() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("worlds.wit");
    std::fs::write(
        &path,
        "package a:b;\n\nworld first {\n    export one: func();\n}\n\nworld second {\n    export two: func();\n}\n",
    )
    .unwrap();
    let mut server = spawn();
    server.initialize(dir.path(), &["utf-16"]);
    let uri = server.open(&path, 1);
    server.wait_for_diagnostics(&uri, |_| true);

    let ambiguous = server.request("wit/bindings", json!({ "uri": uri, "language": "rust" }));
    let message = ambiguous["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("first") && message.contains("second"),
        "{ambiguous}"
    );

    let by_cursor = server.request(
        "wit/bindings",
        json!({ "uri": uri, "language": "rust", "position": { "line": 7, "character": 8 } }),
    );
    assert_eq!(by_cursor["result"]["world"], "a:b/second", "{by_cursor}");
    let by_name = server.request(
        "wit/bindings",
        json!({ "uri": uri, "language": "rust", "world": "first" }),
    );
    assert_eq!(by_name["result"]["world"], "a:b/first", "{by_name}");
    server.shutdown();
}

#[test]
fn component_wit_decodes_a_component_and_rejects_other_files() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = spawn();
    server.initialize(dir.path(), &["utf-16"]);
    let not_wasm = dir.path().join("x.wasm");
    std::fs::write(&not_wasm, b"not wasm at all").unwrap();
    let response = server.request("wit/componentWit", json!({ "path": not_wasm }));
    assert!(
        response["error"]["message"]
            .as_str()
            .unwrap()
            .contains("x.wasm"),
        "{response}"
    );
    let missing = server.request(
        "wit/componentWit",
        json!({ "path": dir.path().join("missing.wasm") }),
    );
    assert!(
        missing["error"]["message"]
            .as_str()
            .unwrap()
            .contains("cannot read"),
        "{missing}"
    );
    server.shutdown();
}

#[test]
fn a_generator_that_panics_is_an_error_answer_naming_what_it_cannot_do() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.wit");
    std::fs::write(
        &file,
        "package a:b;\ninterface i {\n  resource r {\n    m: async func() -> u32;\n  }\n}\nworld w {\n  import i;\n}\n",
    )
    .unwrap();
    let mut server = spawn();
    server.initialize(dir.path(), &["utf-16"]);
    let uri = server.open(&file, 1);
    server.wait_for_diagnostics(&uri, |_| true);
    let answer = server.request("wit/bindings", json!({ "uri": uri, "language": "cpp" }));
    let message = answer["error"]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains(
            "wit-bindgen-cpp does not support async functions yet (async: r.m in interface i)"
        ),
        "{answer}"
    );
    // The server goes on: the Rust preview of the same world works.
    let rust = server.request("wit/bindings", json!({ "uri": uri, "language": "rust" }));
    assert!(rust["result"]["files"][0]["text"].is_string(), "{rust}");
    server.shutdown();
}

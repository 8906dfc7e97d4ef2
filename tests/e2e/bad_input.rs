//! End-to-end: the real server survives hostile input and keeps answering.

use std::path::Path;

use serde_json::{Value, json};
use wit_lsp_test_client::{Server, file_uri};

fn spawn() -> Server {
    Server::spawn(Path::new(env!("CARGO_BIN_EXE_wit-lsp")))
}

fn package_with(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    dir
}

/// The server is alive and its state intact: an open document reads back.
fn assert_healthy(server: &mut Server, uri: &str, text: &str) {
    let response = server.request("wit/documentText", json!({ "uri": uri }));
    assert_eq!(response["result"]["text"], text, "{response}");
    assert!(server.is_alive());
}

#[test]
fn malformed_json_rpc_does_not_kill_the_server() {
    let dir = package_with(&[("a.wit", b"package a:b;\n")]);
    let mut server = spawn();
    server.initialize(dir.path(), &["utf-16"]);
    let uri = server.open(&dir.path().join("a.wit"), 1);

    // Invalid JSON in a well-framed message.
    server.send_raw(b"Content-Length: 9\r\n\r\n{not json");
    assert_healthy(&mut server, &uri, "package a:b;\n");
    // A valid message with an unknown method: an error response, not a crash.
    let response = server.request("wit/noSuchMethod", json!({}));
    assert_eq!(response["error"]["code"], -32601, "{response}");
    // An unknown notification is ignored.
    server.notify("$/noSuchNotification", json!({}));
    // A request that is not JSON-RPC 2.0 at all.
    server.send_raw(b"Content-Length: 2\r\n\r\n[]");
    assert_healthy(&mut server, &uri, "package a:b;\n");
    // A header that is not a number.
    server.send_raw(b"Content-Length: banana\r\n\r\n");
    assert_healthy(&mut server, &uri, "package a:b;\n");
    server.shutdown();
}

#[test]
fn unknown_uris_and_positions_past_the_end_are_handled() {
    let dir = package_with(&[("a.wit", b"package a:b;\n")]);
    let mut server = spawn();
    server.initialize(dir.path(), &["utf-16"]);
    let uri = server.open(&dir.path().join("a.wit"), 1);

    let unknown = file_uri(&dir.path().join("never-opened.wit"));
    let response = server.request("wit/documentText", json!({ "uri": unknown }));
    assert!(
        response["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not open"),
        "{response}"
    );
    server.change(&unknown, 2, json!([{ "text": "x" }]));
    server.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": unknown } }),
    );
    server.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": "untitled:nothing" } }),
    );

    // A change far past the end of the document is clamped to the end.
    server.change(
        &uri,
        2,
        json!([{ "range": { "start": { "line": 99, "character": 5 }, "end": { "line": 120, "character": 0 } }, "text": "interface i {}\n" }]),
    );
    // A change past the end of a line is clamped to the end of that line.
    server.change(
        &uri,
        3,
        json!([{ "range": { "start": { "line": 0, "character": 400 }, "end": { "line": 0, "character": 400 } }, "text": " " }]),
    );
    assert_healthy(&mut server, &uri, "package a:b; \ninterface i {}\n");
    let clean = server.wait_for_diagnostics(&uri, |p| p["version"] == 3);
    assert_eq!(clean["diagnostics"], json!([]));
    server.shutdown();
}

#[test]
fn non_utf8_empty_huge_and_deeply_nested_files_get_diagnostics_not_crashes() {
    let deep = format!(
        "package d:d;\ninterface i {{\n    type t = {}u8{};\n}}\n",
        "list<".repeat(100_000),
        ">".repeat(100_000)
    );
    let dir = package_with(&[
        ("pkg/a.wit", b"package a:b;\ninterface i {}\n"),
        ("pkg/bad.wit", b"package a:b;\n\xff oops\n"),
        ("empty/e.wit", b""),
        ("deep/d.wit", deep.as_bytes()),
    ]);
    let mut server = spawn();
    server.initialize(dir.path(), &["utf-8"]);

    // The non-UTF-8 file is closed: the diagnostic comes from the workspace scan.
    let bad = file_uri(&dir.path().join("pkg/bad.wit"));
    let on_bad =
        server.wait_for_diagnostics(&bad, |p| !p["diagnostics"].as_array().unwrap().is_empty());
    assert_eq!(on_bad["diagnostics"][0]["code"], "invalid-utf8");
    assert_eq!(
        on_bad["diagnostics"][0]["range"]["start"],
        json!({ "line": 1, "character": 0 })
    );

    let empty = file_uri(&dir.path().join("empty/e.wit"));
    server.wait_for_diagnostics(&empty, |p| !p["diagnostics"].as_array().unwrap().is_empty());
    let deep_uri = file_uri(&dir.path().join("deep/d.wit"));
    let on_deep = server.wait_for_diagnostics(&deep_uri, |p| {
        !p["diagnostics"].as_array().unwrap().is_empty()
    });
    assert!(
        on_deep["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .contains("too deep")
    );

    // A 5 MB document opened in the editor.
    let mut big = String::from("package big:big;\ninterface i {\n");
    let mut i = 0;
    while big.len() < 5_000_000 {
        big.push_str(&format!("    g{i}: func(a: u32) -> string;\n"));
        i += 1;
    }
    big.push_str("}\n");
    let big_uri = file_uri(&dir.path().join("big/big.wit"));
    server.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": big_uri, "languageId": "wit", "version": 1, "text": big } }),
    );
    let on_big = server.wait_for_diagnostics(&big_uri, |p| p["version"] == 1);
    assert_eq!(on_big["diagnostics"], Value::Array(vec![]));
    assert!(server.is_alive());
    server.shutdown();
}

/// The `window/showMessage` warnings received so far.
fn warnings(server: &Server) -> Vec<String> {
    server
        .other
        .iter()
        .filter(|message| message["method"] == "window/showMessage")
        .map(|message| {
            message["params"]["message"]
                .as_str()
                .unwrap_or("")
                .to_owned()
        })
        .collect()
}

#[test]
fn settings_of_the_wrong_type_are_reported_and_the_others_still_apply() {
    let dir = package_with(&[("a.wit", b"package a:b;\nworld w { export f: func(); }\n")]);
    let mut server = spawn();
    let root = file_uri(dir.path());
    server.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": root,
            "capabilities": {},
            "initializationOptions": { "wit-lsp": {
                "features": ["gate-a"],
                "bindings": { "warmUp": "sometimes" },
                "runner": { "timeoutMs": "soon", "maxMemoryBytes": 1048576 }
            } }
        }),
    );
    server.notify("initialized", json!({}));
    // A round trip, so the notification has arrived.
    server.request("wit/bindingsCacheStatus", json!(null));
    let seen = warnings(&server);
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert!(
        seen[0].contains("`bindings.warmUp`") && seen[0].contains("`runner.timeoutMs`"),
        "{}",
        seen[0]
    );
    assert!(!seen[0].contains("maxMemoryBytes"), "{}", seen[0]);

    // A bad runner field does not cost the good bindings setting: the warm-up stays off.
    server.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "wit-lsp": {
            "bindings": { "warmUp": false },
            "runner": { "timeoutMs": "soon" }
        } } }),
    );
    let uri = server.open(&dir.path().join("a.wit"), 1);
    server.wait_for_diagnostics(&uri, |_| true);
    let status = server.request("wit/bindingsCacheStatus", json!(null));
    assert_eq!(status["result"]["warmUpsRunning"], 0, "{status}");
    assert_eq!(status["result"]["warmUpsFinished"], 0, "{status}");
    let seen = warnings(&server);
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert!(seen[1].contains("`runner.timeoutMs`"), "{}", seen[1]);
    assert!(!seen[1].contains("warmUp"), "{}", seen[1]);

    // Settings that are not an object at all change nothing and warn of nothing.
    server.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": null }),
    );
    assert_healthy(
        &mut server,
        &uri,
        "package a:b;\nworld w { export f: func(); }\n",
    );
    assert_eq!(warnings(&server).len(), 2);
    server.shutdown();
}

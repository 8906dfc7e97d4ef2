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

/// A hover request on `a.wit`'s `id` reference, answered correctly.
fn assert_hover_works(server: &mut Server, uri: &str, id: u64) {
    let body = json!({
        "jsonrpc": "2.0", "id": id, "method": "textDocument/hover",
        "params": { "textDocument": { "uri": uri }, "position": { "line": 3, "character": 20 } }
    });
    let response = server.send_body_for_response(&body.to_string());
    assert_eq!(response["id"], id, "{response}");
    assert!(
        response["result"]["contents"]["value"]
            .as_str()
            .is_some_and(|markdown| markdown.contains("type id = u64")),
        "{response}"
    );
}

const HOVER_PACKAGE: &[u8] =
    b"package a:b;\ninterface i {\n    type id = u64;\n    record r { key: id }\n}\n";

#[test]
fn json_objects_that_are_not_json_rpc_get_an_error_and_the_stream_goes_on() {
    let dir = package_with(&[("a.wit", HOVER_PACKAGE)]);
    let mut server = spawn();
    server.initialize(dir.path(), &["utf-16"]);
    let uri = server.open(&dir.path().join("a.wit"), 1);
    let hover_params =
        json!({ "textDocument": { "uri": uri }, "position": { "line": 3, "character": 20 } });
    // Each with the answer JSON-RPC 2.0 asks for: the code, and the id when it can be read.
    let cases: Vec<(String, i64, Value)> = vec![
        ("{}".to_string(), -32600, Value::Null),
        (
            json!({ "jsonrpc": "1.0", "id": 74, "method": "textDocument/hover", "params": hover_params }).to_string(),
            -32600,
            json!(74),
        ),
        (
            json!({ "id": 75, "method": "textDocument/hover", "params": hover_params }).to_string(),
            -32600,
            json!(75),
        ),
        (json!({ "jsonrpc": "2.0", "id": 76, "method": 42 }).to_string(), -32600, json!(76)),
        (
            r#"{"jsonrpc": "2.0", "id": 1.5, "method": "textDocument/hover"}"#.to_string(),
            -32600,
            Value::Null,
        ),
        (
            r#"{"jsonrpc": "2.0", "id": {"a": 1}, "method": "textDocument/hover"}"#.to_string(),
            -32600,
            Value::Null,
        ),
        (
            r#"{"jsonrpc": "2.0", "id": true, "method": "textDocument/hover"}"#.to_string(),
            -32600,
            Value::Null,
        ),
        (
            r#"{"jsonrpc": "2.0", "id": 9223372036854775808, "method": "textDocument/hover"}"#
                .to_string(),
            -32600,
            Value::Null,
        ),
        (
            json!({ "jsonrpc": "2.0", "id": 80, "method": "textDocument/hover", "params": 3 }).to_string(),
            -32600,
            json!(80),
        ),
        (
            json!({ "jsonrpc": "2.0", "id": 81, "method": "$/doesNotExist", "params": {} }).to_string(),
            -32601,
            json!(81),
        ),
    ];
    for (number, (body, code, id)) in cases.into_iter().enumerate() {
        let response = server.send_body_for_response(&body);
        assert_eq!(response["error"]["code"], code, "{body}: {response}");
        assert_eq!(response["id"], id, "{body}: {response}");
        assert_hover_works(&mut server, &uri, 1000 + number as u64);
    }
    assert!(server.is_alive());
    server.shutdown();
}

#[test]
fn an_invalid_message_right_after_initialized_and_then_end_of_input_ends_the_process() {
    let dir = package_with(&[("a.wit", HOVER_PACKAGE)]);
    let mut server = spawn();
    server.initialize(dir.path(), &["utf-16"]);
    let response = server.send_body_for_response("{}");
    assert_eq!(response["error"]["code"], -32600, "{response}");
    let uri = server.open(&dir.path().join("a.wit"), 1);
    assert_hover_works(&mut server, &uri, 7);
    server.close_input();
    let status = server
        .wait_for_exit()
        .expect("the server ends when its input closes");
    assert!(status.success(), "{status}");
}

#[test]
fn exit_without_shutdown_ends_with_status_1() {
    // Before `initialize` too.
    let mut server = spawn();
    server.notify("exit", Value::Null);
    let status = server.wait_for_exit().expect("the server exits");
    assert_eq!(status.code(), Some(1), "{status}");

    let dir = package_with(&[("a.wit", HOVER_PACKAGE)]);
    let mut server = spawn();
    server.initialize(dir.path(), &["utf-16"]);
    server.notify("exit", Value::Null);
    let status = server.wait_for_exit().expect("the server exits");
    assert_eq!(status.code(), Some(1), "{status}");
}

//! End-to-end: the real `wit-lsp` binary over stdio, driven by a JSON-RPC client.

use std::path::Path;
use std::time::Duration;

use serde_json::{Value, json};
use wit_lsp_test_client::{copy_tree, file_uri, workspace_root};

struct Server;

impl Server {
    fn spawn() -> wit_lsp_test_client::Server {
        wit_lsp_test_client::Server::spawn(Path::new(env!("CARGO_BIN_EXE_wit-lsp")))
    }
}

fn error_count(params: &Value) -> usize {
    params["diagnostics"].as_array().map_or(0, Vec::len)
}

fn greeter_copy() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let package = dir.path().join("greeter");
    copy_tree(&workspace_root().join("wit-samples/greeter/wit"), &package);
    (dir, package)
}

#[test]
fn negotiates_utf8_when_offered_and_utf16_otherwise() {
    let (_dir, package) = greeter_copy();
    let mut server = Server::spawn();
    let response = server.initialize(&package, &["utf-16", "utf-8"]);
    assert_eq!(
        response["result"]["capabilities"]["positionEncoding"],
        "utf-8"
    );
    assert_eq!(response["result"]["serverInfo"]["name"], "wit-lsp");
    server.shutdown();

    let mut server = Server::spawn();
    let response = server.initialize(&package, &[]);
    assert_eq!(
        response["result"]["capabilities"]["positionEncoding"],
        "utf-16"
    );
    server.shutdown();
}

#[test]
fn error_appears_on_the_right_range_and_clears_when_fixed() {
    let (_dir, package) = greeter_copy();
    let mut server = Server::spawn();
    server.initialize(&package, &["utf-16"]);
    let uri = server.open(&package.join("greeter.wit"), 1);
    let clean = server.wait_for_diagnostics(&uri, |_| true);
    assert_eq!(error_count(&clean), 0, "{clean}");

    // Line 22 is `greet: func(name: string, style: style) -> greeting;`: rename the
    // result type to one that does not exist.
    let text = std::fs::read_to_string(package.join("greeter.wit")).unwrap();
    let line = text
        .lines()
        .position(|l| l.contains("greet: func"))
        .unwrap() as u64;
    let col = text
        .lines()
        .nth(line as usize)
        .unwrap()
        .find("greeting;")
        .unwrap() as u64;
    server.change(
        &uri,
        2,
        json!([{ "range": { "start": { "line": line, "character": col }, "end": { "line": line, "character": col + 8 } }, "text": "greetin" }]),
    );
    let broken = server.wait_for_diagnostics(&uri, |p| error_count(p) > 0);
    let diagnostic = &broken["diagnostics"][0];
    assert_eq!(broken["version"], 2);
    assert_eq!(diagnostic["code"], "item-not-found");
    assert_eq!(
        diagnostic["range"]["start"],
        json!({ "line": line, "character": col })
    );
    assert_eq!(
        diagnostic["range"]["end"],
        json!({ "line": line, "character": col + 7 })
    );
    assert!(diagnostic["message"].as_str().unwrap().contains("greetin"));

    server.change(
        &uri,
        3,
        json!([{ "range": { "start": { "line": line, "character": col }, "end": { "line": line, "character": col + 7 } }, "text": "greeting" }]),
    );
    let fixed = server.wait_for_diagnostics(&uri, |p| p["version"] == 3);
    assert_eq!(error_count(&fixed), 0, "{fixed}");
    server.shutdown();
}

#[test]
fn error_in_a_closed_dependency_on_disk_appears_after_a_watched_file_change() {
    let (_dir, package) = greeter_copy();
    let mut server = Server::spawn();
    server.initialize(&package, &["utf-8"]);
    let uri = server.open(&package.join("greeter.wit"), 1);
    server.wait_for_diagnostics(&uri, |_| true);

    // Break the dependency on disk (it is not open in the editor).
    let dependency = package.join("deps/logging/logging.wit");
    let text = std::fs::read_to_string(&dependency).unwrap();
    std::fs::write(
        &dependency,
        text.replace("context: string,", "context: strin,"),
    )
    .unwrap();
    let dependency_uri = file_uri(&dependency);
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": dependency_uri, "type": 2 }] }),
    );
    let on_dependency = server.wait_for_diagnostics(&dependency_uri, |p| error_count(p) > 0);
    assert_eq!(on_dependency["diagnostics"][0]["code"], "item-not-found");
    // ... and where the open package uses that dependency.
    let on_use_site = server.wait_for_diagnostics(&uri, |p| error_count(p) > 0);
    let site = &on_use_site["diagnostics"][0];
    assert_eq!(site["code"], "dependency-error");
    assert_eq!(
        site["relatedInformation"][0]["location"]["uri"],
        Value::String(dependency_uri.clone())
    );

    // Fixing it on disk clears both.
    std::fs::write(&dependency, text).unwrap();
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": dependency_uri, "type": 2 }] }),
    );
    server.wait_for_diagnostics(&dependency_uri, |p| error_count(p) == 0);
    server.wait_for_diagnostics(&uri, |p| error_count(p) == 0);
    server.shutdown();
}

/// Applies an LSP change (UTF-16 positions) to a client-side copy of the text.
fn apply_utf16(text: &mut String, line: usize, character: usize, delete: usize, insert: &str) {
    let mut offset = 0;
    for (index, l) in text.split_inclusive('\n').enumerate() {
        if index == line {
            break;
        }
        offset += l.len();
    }
    let to_byte = |from: usize, units: usize| -> usize {
        let mut consumed = 0;
        let mut byte = from;
        for ch in text[from..].chars() {
            if consumed >= units || ch == '\n' {
                break;
            }
            consumed += ch.len_utf16();
            byte += ch.len_utf8();
        }
        byte
    };
    let start = to_byte(offset, character);
    let end = to_byte(start, delete);
    text.replace_range(start..end, insert);
}

#[test]
fn a_burst_of_two_thousand_incremental_edits_keeps_the_text_identical() {
    let (_dir, package) = greeter_copy();
    let mut server = Server::spawn();
    server.initialize(&package, &["utf-16"]);
    let path = package.join("greeter.wit");
    let uri = server.open(&path, 1);
    let mut text = std::fs::read_to_string(&path).unwrap();
    // Insert and delete non-ASCII doc text on the first doc-comment line, over and over,
    // with a deterministic pseudo-random walk.
    let doc_line = text.lines().position(|l| l.starts_with("///")).unwrap();
    let mut seed: u64 = 0x9e3779b97f4a7c15;
    let mut version = 1;
    let pieces = ["注", "😀", "a", "é", " "];
    for _ in 0..2000 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        version += 1;
        let line_text: Vec<char> = text.lines().nth(doc_line).unwrap().chars().collect();
        let utf16_len: usize = line_text.iter().map(|c| c.len_utf16()).sum();
        let (character, delete, insert) = if seed.is_multiple_of(3) && line_text.len() > 4 {
            // Delete the last character after `/// `.
            let last = line_text.last().unwrap();
            (utf16_len - last.len_utf16(), last.len_utf16(), "")
        } else {
            (utf16_len, 0, pieces[(seed % pieces.len() as u64) as usize])
        };
        apply_utf16(&mut text, doc_line, character, delete, insert);
        server.change(
            &uri,
            version,
            json!([{ "range": {
                "start": { "line": doc_line, "character": character },
                "end": { "line": doc_line, "character": character + delete } },
                "text": insert }]),
        );
    }
    let response = server.request("wit/documentText", json!({ "uri": uri }));
    assert_eq!(response["result"]["version"], version);
    assert_eq!(response["result"]["text"].as_str().unwrap(), text);

    // The final text is valid, so the last diagnostics published are empty, for the last version.
    let last = server.wait_for_diagnostics(&uri, |p| p["version"] == version);
    assert_eq!(error_count(&last), 0, "{last}");
    let settled = server.settle(&uri, Duration::from_millis(500)).unwrap();
    assert_eq!(settled["version"], version);

    // Now break it at the end of the burst: the last publish reports the error.
    version += 1;
    server.change(
        &uri,
        version,
        json!([{ "text": format!("{text}\n garbage") }]),
    );
    let broken = server.wait_for_diagnostics(&uri, |p| p["version"] == version);
    assert_eq!(broken["diagnostics"][0]["code"], "syntax");
    server.shutdown();
}

/// Applies LSP edits (UTF-8 positions) to `text`.
fn apply_edits_utf8(text: &str, edits: &Value) -> String {
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let offset = |position: &Value| -> usize {
        let line = position["line"].as_u64().unwrap() as usize;
        let character = position["character"].as_u64().unwrap() as usize;
        line_starts
            .get(line)
            .map_or(text.len(), |start| (start + character).min(text.len()))
    };
    let mut edits: Vec<(usize, usize, String)> = edits
        .as_array()
        .unwrap()
        .iter()
        .map(|edit| {
            (
                offset(&edit["range"]["start"]),
                offset(&edit["range"]["end"]),
                edit["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    edits.sort_by_key(|edit| std::cmp::Reverse(edit.0));
    let mut result = text.to_string();
    for (start, end, new_text) in edits {
        result.replace_range(start..end, &new_text);
    }
    result
}

#[test]
fn formatting_returns_small_edits_that_match_wit_lsp_fmt_and_refuses_broken_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shapes.wit");
    let messy = "package a:shapes;\n\n\n// keep me\ninterface shapes {\n  record point { x: f32, y: f32 }\n  /// Area.\n  area: func(p: point)->f32;\n}\n";
    std::fs::write(&path, messy).unwrap();
    let mut server = Server::spawn();
    server.initialize(dir.path(), &["utf-8"]);
    let uri = server.open(&path, 1);
    let response = server.request(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 4, "insertSpaces": true } }),
    );
    let edits = &response["result"];
    assert!(
        edits.as_array().is_some_and(|e| !e.is_empty()),
        "{response}"
    );
    let formatted = apply_edits_utf8(messy, edits);

    // The same text through the CLI formatter.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_wit-lsp"))
        .args(["fmt", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(messy.as_bytes())
        .unwrap();
    let cli = child.wait_with_output().unwrap();
    assert_eq!(formatted, String::from_utf8(cli.stdout).unwrap());
    assert!(formatted.contains("// keep me"));
    assert!(
        formatted.contains("    area: func(p: point) -> f32;"),
        "{formatted}"
    );
    // Minimal edits: the `package` line is untouched.
    assert!(
        edits
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["range"]["start"]["line"].as_u64().unwrap() > 0)
    );

    // Range formatting touches only the item under the range.
    let response = server.request(
        "textDocument/rangeFormatting",
        json!({ "textDocument": { "uri": uri },
                "range": { "start": { "line": 7, "character": 0 }, "end": { "line": 7, "character": 5 } },
                "options": { "tabSize": 4, "insertSpaces": true } }),
    );
    let ranged = apply_edits_utf8(messy, &response["result"]);
    assert!(
        ranged.contains("    area: func(p: point) -> f32;"),
        "{ranged}"
    );
    assert!(
        ranged.contains("  record point { x: f32, y: f32 }"),
        "{ranged}"
    );

    // A broken file: no edits, and the user is told why.
    server.change(
        &uri,
        2,
        json!([{ "text": "package a:shapes;\ninterface shapes {\n  area: func(\n" }]),
    );
    let response = server.request(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 4, "insertSpaces": true } }),
    );
    assert_eq!(response["result"], Value::Null, "{response}");
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while !server
        .other
        .iter()
        .any(|m| m["method"] == "window/showMessage")
    {
        assert!(
            std::time::Instant::now() < deadline,
            "no showMessage: {:?}",
            server.other
        );
        server.settle(&uri, Duration::from_millis(100));
    }
    let message = server
        .other
        .iter()
        .find(|m| m["method"] == "window/showMessage")
        .unwrap();
    assert!(
        message["params"]["message"]
            .as_str()
            .unwrap()
            .contains("syntax error"),
        "{message}"
    );
    server.shutdown();
}

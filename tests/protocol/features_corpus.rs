//! Checks of the editor features over LSP (server in process) on the real WASI 0.2 HTTP tree
//! (`../shared/corpus/wasi-http`, or `$WIT_LSP_CORPUS/wasi-http`). Fails if the corpus is
//! missing. Run with `cargo test -p wit-lsp --features corpus --test corpus`.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use wit_lsp_test_client::{
    copy_tree, file_uri, position_of, text_document_position, workspace_root,
};

fn corpus() -> PathBuf {
    let base = std::env::var_os("WIT_LSP_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("../shared/corpus"));
    let tree = base.join("wasi-http");
    assert!(
        tree.join("types.wit").is_file(),
        "the corpus is missing at {}",
        tree.display()
    );
    tree
}

fn wasi_http_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("wasi-http");
    copy_tree(&corpus(), &root);
    (dir, root)
}

fn spawn(root: &Path) -> wit_lsp_test_client::Server {
    let mut server = wit_lsp_test_client::Server::in_process();
    server.initialize(root, &["utf-8"]);
    server
}

#[test]
fn definition_of_a_used_stream_lands_in_deps_io_streams() {
    let (_dir, root) = wasi_http_copy();
    let text = std::fs::read_to_string(root.join("types.wit")).expect("read");
    let mut server = spawn(&root);
    let uri = server.open(&root.join("types.wit"), 1);
    let response = server.request(
        "textDocument/definition",
        text_document_position(&uri, position_of(&text, "{input-stream", 0, 2)),
    );
    let location = &response["result"][0];
    assert_eq!(
        location["uri"],
        file_uri(&root.join("deps/io/streams.wit")),
        "{response}"
    );
    let streams = std::fs::read_to_string(root.join("deps/io/streams.wit")).expect("read");
    assert_eq!(
        location["range"]["start"],
        position_of(&streams, "resource input-stream", 0, 9)
    );
    server.shutdown();
}

#[test]
fn references_of_input_stream_span_several_files() {
    let (_dir, root) = wasi_http_copy();
    let streams = std::fs::read_to_string(root.join("deps/io/streams.wit")).expect("read");
    let mut server = spawn(&root);
    let uri = server.open(&root.join("deps/io/streams.wit"), 1);
    let mut params =
        text_document_position(&uri, position_of(&streams, "resource input-stream", 0, 10));
    params["context"] = json!({ "includeDeclaration": true });
    let response = server.request("textDocument/references", params);
    let locations = response["result"].as_array().expect("locations");
    let mut files: Vec<&str> = locations.iter().filter_map(|l| l["uri"].as_str()).collect();
    files.sort();
    files.dedup();
    assert!(files.len() >= 3, "{files:?}");
    assert!(
        files.contains(&file_uri(&root.join("types.wit")).as_str()),
        "{files:?}"
    );
    server.shutdown();
}

#[test]
fn completion_after_use_wasi_lists_the_dependency_packages() {
    let (_dir, root) = wasi_http_copy();
    let mut server = spawn(&root);
    let path = root.join("types.wit");
    let uri = server.open(&path, 1);
    let text = std::fs::read_to_string(&path).expect("read");
    // Replace the first `use` path with a half-typed `wasi:`.
    let line_start = text.find("  use wasi:").expect("a use") + 2;
    let line_end = line_start + text[line_start..].find('\n').expect("line end");
    let start = position_of(&text, &text[line_start..line_end], 0, 0);
    let end = json!({ "line": start["line"], "character": start["character"].as_u64().unwrap_or(0) as usize + (line_end - line_start) });
    server.change(
        &uri,
        2,
        json!([{ "range": { "start": start, "end": end }, "text": "use wasi:" }]),
    );
    let cursor =
        json!({ "line": start["line"], "character": start["character"].as_u64().unwrap_or(0) + 9 });
    let response = server.request(
        "textDocument/completion",
        text_document_position(&uri, cursor),
    );
    let labels: Vec<&str> = response["result"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|item| item["label"].as_str())
        .collect();
    for expected in [
        "wasi:io",
        "wasi:clocks",
        "wasi:random",
        "wasi:cli",
        "wasi:filesystem",
        "wasi:sockets",
    ] {
        assert!(
            labels.contains(&expected),
            "{expected} missing from {labels:?}"
        );
    }
    server.shutdown();
}

/// Applies LSP text edits (UTF-8 columns) to a text.
fn apply_edits(text: &str, edits: &[Value]) -> String {
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let offset = |position: &Value| {
        let line = position["line"].as_u64().expect("line") as usize;
        let character = position["character"].as_u64().expect("character") as usize;
        line_starts[line] + character
    };
    let mut edits: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().expect("text"),
            )
        })
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (start, end, new_text) in edits {
        out.replace_range(start..end, new_text);
    }
    out
}

#[test]
fn rename_of_a_type_in_types_wit_leaves_the_package_clean() {
    let (_dir, root) = wasi_http_copy();
    let path = root.join("types.wit");
    let text = std::fs::read_to_string(&path).expect("read");
    let mut server = spawn(&root);
    let uri = server.open(&path, 1);
    let mut params = text_document_position(&uri, position_of(&text, "resource fields", 0, 9));
    params["newName"] = json!("header-fields");
    let response = server.request("textDocument/rename", params);
    let changes = response["result"]["changes"]
        .as_object()
        .expect("changes")
        .clone();
    server.shutdown();
    let mut edited_files = 0;
    let mut edit_count = 0;
    for (uri, edits) in &changes {
        let edits = edits.as_array().expect("edits");
        let file = root.join(uri.rsplit('/').next().expect("file name"));
        assert_eq!(
            file_uri(&file),
            *uri,
            "edits stay in the package's own files"
        );
        let before = std::fs::read_to_string(&file).expect("read");
        std::fs::write(&file, apply_edits(&before, edits)).expect("write");
        edited_files += 1;
        edit_count += edits.len();
    }
    assert!(edited_files >= 1 && edit_count >= 4, "{changes:?}");
    let after = std::fs::read_to_string(&path).expect("read");
    assert!(after.contains("resource header-fields") && !after.contains("resource fields"));
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_wit-lsp"))
        .arg("check")
        .arg(&root)
        .output()
        .expect("run wit-lsp check");
    assert!(
        output.status.success(),
        "check failed after the rename:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn the_wasi_http_tree_publishes_no_warnings() {
    let (_dir, root) = wasi_http_copy();
    let mut server = spawn(&root);
    for file in ["types.wit", "handler.wit", "proxy.wit"] {
        let uri = server.open(&root.join(file), 1);
        let published = server.wait_for_diagnostics(&uri, |_| true);
        assert_eq!(published["diagnostics"], json!([]), "{file}: {published}");
    }
    server.shutdown();
}

/// Copies `from` to `to`, writing every `.wit` file with `\r\n` line endings.
fn copy_with_crlf(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let path = entry.expect("entry").path();
        let target = to.join(path.file_name().expect("a name"));
        if path.is_dir() {
            copy_with_crlf(&path, &target);
        } else if path.extension().is_some_and(|ext| ext == "wit") {
            let text = std::fs::read_to_string(&path).expect("read");
            std::fs::write(&target, text.replace("\r\n", "\n").replace('\n', "\r\n"))
                .expect("write");
        } else {
            std::fs::copy(&path, &target).expect("copy");
        }
    }
}

fn wit_files(root: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("read_dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|ext| ext == "wit") {
                files.push(path.strip_prefix(root).expect("inside").to_path_buf());
            }
        }
    }
    files.sort();
    files
}

/// `wit-lsp check --format json` of `root`, with `root` taken out of the paths.
fn check_json(root: &Path) -> (Option<i32>, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_wit-lsp"))
        .args(["check", "--format", "json"])
        .arg(root)
        .output()
        .expect("wit-lsp check");
    let stdout = String::from_utf8_lossy(&output.stdout);
    (
        output.status.code(),
        stdout.replace(root.to_str().expect("utf-8"), "<root>"),
    )
}

#[test]
fn a_crlf_copy_of_the_tree_answers_like_the_lf_tree() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lf = dir.path().join("lf");
    let crlf = dir.path().join("crlf");
    copy_tree(&corpus(), &lf);
    copy_with_crlf(&corpus(), &crlf);
    let mut lf_server = spawn(&lf);
    let mut crlf_server = spawn(&crlf);
    for file in wit_files(&lf) {
        let lf_uri = lf_server.open(&lf.join(&file), 1);
        let crlf_uri = crlf_server.open(&crlf.join(&file), 1);
        for method in [
            "textDocument/documentSymbol",
            "textDocument/foldingRange",
            "textDocument/semanticTokens/full",
        ] {
            let answer = |server: &mut wit_lsp_test_client::Server, uri: &str| {
                let response = server.request(method, json!({ "textDocument": { "uri": uri } }));
                response["result"].to_string().replace(uri, "<uri>")
            };
            assert_eq!(
                answer(&mut lf_server, &lf_uri),
                answer(&mut crlf_server, &crlf_uri),
                "{method} of {}",
                file.display()
            );
        }
        // Formatting: the same text but for the endings, and CRLF stays CRLF.
        let format = |server: &mut wit_lsp_test_client::Server, uri: &str, text: &str| {
            let response = server.request(
                "textDocument/formatting",
                json!({ "textDocument": { "uri": uri },
                        "options": { "tabSize": 4, "insertSpaces": true } }),
            );
            apply_edits(text, response["result"].as_array().map_or(&[][..], |v| v))
        };
        let lf_text = std::fs::read_to_string(lf.join(&file)).expect("read");
        let crlf_text = std::fs::read_to_string(crlf.join(&file)).expect("read");
        let lf_formatted = format(&mut lf_server, &lf_uri, &lf_text);
        let crlf_formatted = format(&mut crlf_server, &crlf_uri, &crlf_text);
        assert_eq!(
            crlf_formatted.replace("\r\n", "\n"),
            lf_formatted,
            "formatting {}",
            file.display()
        );
        assert!(
            !crlf_formatted.replace("\r\n", "").contains('\n'),
            "formatting {} introduced LF endings",
            file.display()
        );
    }
    lf_server.shutdown();
    crlf_server.shutdown();

    // `fmt --check` judges a CRLF file by its contents, not its endings.
    let fmt_check = |root: &Path| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_wit-lsp"))
            .args(["fmt", "--check"])
            .arg(root)
            .output()
            .expect("wit-lsp fmt --check");
        let stdout = String::from_utf8_lossy(&output.stdout)
            .replace(root.to_str().expect("utf-8"), "<root>")
            .replace("\r\n", "\n");
        (output.status.code(), stdout)
    };
    assert_eq!(fmt_check(&lf), fmt_check(&crlf));

    // Diagnostics: the same, and where wit-parser itself puts an error on the CRLF text.
    assert_eq!(check_json(&lf), check_json(&crlf));
    for root in [&lf, &crlf] {
        let types = root.join("types.wit");
        let text = std::fs::read_to_string(&types).expect("read");
        let ending = if root == &crlf { "\r\n" } else { "\n" };
        std::fs::write(
            &types,
            format!(
                "{text}{ending}interface broken {{{ending}    f: func() -> nope;{ending}}}{ending}"
            ),
        )
        .expect("write");
    }
    let (status, lf_output) = check_json(&lf);
    assert_eq!(status, Some(1));
    assert_eq!((status, lf_output.clone()), check_json(&crlf));
    let reported: Value =
        serde_json::from_str(lf_output.lines().next().expect("a diagnostic")).expect("json");
    // wit-parser's own line and column of its structured error on the CRLF text.
    let mut resolve = wit_parser::Resolve::default();
    let error = resolve.push_dir(&crlf).expect_err("the broken tree fails");
    let span = error
        .chain()
        .find_map(|cause| {
            cause
                .downcast_ref::<wit_parser::ParseError>()
                .map(|error| error.kind().span())
                .or_else(|| {
                    cause
                        .downcast_ref::<wit_parser::ResolveError>()
                        .map(|error| error.kind().span())
                })
        })
        .expect("a structured error");
    let theirs = resolve.source_map.render_location(span);
    let ours = format!("types.wit:{}:{}", reported["line"], reported["column"]);
    assert!(
        theirs.ends_with(&ours),
        "wit-parser reports {theirs}, we report {ours}"
    );
}

#[test]
fn answers_after_random_edits_of_wasi_types_equal_those_of_a_fresh_server() {
    // The hostile-input report saw stale semantic tokens after about 5,000 random edits of
    // this file; every 500 edits the answers are compared with a fresh server's.
    let compared =
        wit_lsp_test_client::fuzz::edit_fuzz(&corpus(), "types.wit", 5000, 500, 0x7a5e_2026);
    assert!(
        compared >= 5,
        "only {compared} checkpoints had semantic tokens"
    );
}

//! Breaking-change diagnostics as you type: with the `baseline` setting, the package is
//! compared with its previous version (`git:HEAD` of a temporary repository here) on every
//! edit, and a quick fix bumps the version where that allows the change.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};
use wit_lsp_test_client::position_of;

const TYPES: &str = "package demo:shop@1.2.0;

interface types {
  record item {
    name: string,
    price: u32,
  }

  lookup: func(name: string) -> option<item>;
}
";

fn git(dir: &Path, args: &[&str]) {
    let output = Command::new("git")
        .args([
            "-c",
            "user.name=test",
            "-c",
            "user.email=test@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run git");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn repository() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let wit = dir.path().join("wit");
    std::fs::create_dir_all(&wit).unwrap();
    std::fs::write(wit.join("types.wit"), TYPES).unwrap();
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "1.2.0"]);
    (dir, wit)
}

fn codes(params: &Value) -> Vec<String> {
    params["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| format!("{}:{}", d["code"].as_str().unwrap_or(""), d["severity"]))
        .collect()
}

fn whole_text(text: &str) -> Value {
    json!([{ "text": text }])
}

#[test]
fn breaking_changes_show_as_you_type_and_a_version_bump_allows_them() {
    let (_dir, wit) = repository();
    let mut server = wit_lsp_test_client::Server::in_process();
    server.initialize(&wit, &["utf-8"]);
    server.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "wit-lsp": { "baseline": "git:HEAD" } } }),
    );
    let uri = server.open(&wit.join("types.wit"), 1);
    // Unchanged against HEAD: nothing to report.
    let clean = server.wait_for_diagnostics(&uri, |p| p["version"] == 1);
    assert_eq!(codes(&clean), Vec::<String>::new(), "{clean}");

    // Remove a field (not saved: the work tree and HEAD still have it).
    let removed = TYPES.replace("    price: u32,\n", "");
    server.change(&uri, 2, whole_text(&removed));
    let params = server.wait_for_diagnostics(&uri, |p| {
        p["version"] == 2 && !p["diagnostics"].as_array().unwrap().is_empty()
    });
    let diagnostic = &params["diagnostics"][0];
    assert_eq!(codes(&params), vec!["breaking-change:1"], "{params}");
    assert_eq!(
        diagnostic["range"]["start"],
        position_of(&removed, "item", 0, 0),
        "{diagnostic}"
    );
    assert!(diagnostic["message"].as_str().unwrap().starts_with("field `price` was removed from record `item`\nthe version is 1.2.0 here and 1.2.0 in the baseline (git:HEAD); a breaking change needs version 2.0.0"), "{diagnostic}");
    assert_eq!(diagnostic["data"]["bumpTo"], "2.0.0");

    // The quick fix bumps the version.
    let response = server.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": diagnostic["range"],
            "context": { "diagnostics": [diagnostic] },
        }),
    );
    let actions = response["result"].as_array().expect("actions").clone();
    let bump = actions
        .iter()
        .find(|a| a["title"] == "Bump the package version to 2.0.0")
        .unwrap_or_else(|| panic!("no bump action in {actions:#?}"));
    assert_eq!(bump["isPreferred"], true);
    let edits = bump["edit"]["changes"][uri.as_str()].as_array().unwrap();
    assert_eq!(edits.len(), 1);
    let edit = &edits[0];
    assert_eq!(edit["newText"], "2.0.0");
    assert_eq!(edit["range"]["start"], position_of(&removed, "1.2.0", 0, 0));
    assert_eq!(edit["range"]["end"], position_of(&removed, "1.2.0", 0, 5));

    // Applied, the change is allowed: information, not an error.
    let bumped = removed.replace("@1.2.0", "@2.0.0");
    server.change(&uri, 3, whole_text(&bumped));
    let params = server.wait_for_diagnostics(&uri, |p| p["version"] == 3);
    assert_eq!(codes(&params), vec!["breaking-change:3"], "{params}");
    assert!(params["diagnostics"][0]["data"].is_null());

    // Additions never break importers.
    let added = TYPES.replace("  lookup:", "  count: func() -> u32;\n  lookup:");
    server.change(&uri, 4, whole_text(&added));
    let params = server.wait_for_diagnostics(&uri, |p| p["version"] == 4);
    assert_eq!(codes(&params), Vec::<String>::new(), "{params}");

    // A new commit moves the baseline: the removal, committed, is no longer a change.
    std::fs::write(wit.join("types.wit"), &removed).unwrap();
    git(
        wit.parent().unwrap(),
        &["commit", "-q", "-am", "drop price"],
    );
    server.change(&uri, 5, whole_text(&removed));
    let params = server.wait_for_diagnostics(&uri, |p| p["version"] == 5);
    assert_eq!(codes(&params), Vec::<String>::new(), "{params}");

    // Turning the setting off stops the comparison; a bad revision is a warning, not a crash.
    server.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "wit-lsp": { "baseline": "git:no-such-revision" } } }),
    );
    server.change(&uri, 6, whole_text(TYPES));
    let params = server.wait_for_diagnostics(&uri, |p| {
        p["version"] == 6 && !p["diagnostics"].as_array().unwrap().is_empty()
    });
    assert_eq!(codes(&params), vec!["baseline:2"], "{params}");
    assert!(
        params["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .contains("no revision `no-such-revision`"),
        "{params}"
    );
    server.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "wit-lsp": {} } }),
    );
    server.change(&uri, 7, whole_text(&removed));
    let params = server.wait_for_diagnostics(&uri, |p| p["version"] == 7);
    assert_eq!(codes(&params), Vec::<String>::new(), "{params}");
    server.shutdown();
}

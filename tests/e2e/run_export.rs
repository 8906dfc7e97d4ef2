//! End-to-end: `▶ Run` lenses and running exports over LSP against a component built at test
//! time from component-model WAT (no wasm toolchain needed).

use std::path::Path;
use std::time::Duration;

use serde_json::{Value, json};
use wit_lsp_test_client::{Server, copy_tree, workspace_root};

/// The adder sample's world, implemented directly in WAT, plus a function that traps.
const ADDER: &str = r#"(component
  (core module $m
    (func (export "add") (param i32 i32) (result i32)
      (i32.add (local.get 0) (local.get 1)))
    (func (export "spin") (loop $l (br $l))))
  (core instance $i (instantiate $m))
  (func (export "add") (param "a" s32) (param "b" s32) (result s32)
    (canon lift (core func $i "add")))
)"#;

fn spawn() -> Server {
    Server::spawn(Path::new(env!("CARGO_BIN_EXE_wit-lsp")))
}

/// A project like the adder sample, with its component where cargo would put it.
fn adder_project() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        &workspace_root().join("wit-samples/adder/wit"),
        &dir.path().join("wit"),
    );
    let release = dir.path().join("target/wasm32-wasip2/release");
    std::fs::create_dir_all(&release).unwrap();
    std::fs::write(release.join("adder.wasm"), wat::parse_str(ADDER).unwrap()).unwrap();
    let wit = dir.path().join("wit/world.wit");
    (dir, wit)
}

#[test]
fn run_lens_template_validation_and_result() {
    let (dir, wit) = adder_project();
    let mut server = spawn();
    server.initialize(dir.path(), &["utf-16"]);
    let uri = server.open(&wit, 1);
    server.wait_for_diagnostics(&uri, |_| true);

    let lenses = server.request(
        "textDocument/codeLens",
        json!({ "textDocument": { "uri": uri } }),
    );
    let lenses = lenses["result"].as_array().cloned().unwrap_or_default();
    assert_eq!(lenses.len(), 1, "{lenses:?}");
    let text = std::fs::read_to_string(&wit).unwrap();
    let add_line = text.lines().position(|l| l.contains("export add")).unwrap();
    assert_eq!(lenses[0]["range"]["start"]["line"], add_line);
    let resolved = server.request("codeLens/resolve", lenses[0].clone());
    assert_eq!(
        resolved["result"]["command"]["title"], "▶ Run",
        "{resolved}"
    );
    let target = resolved["result"]["command"]["arguments"][0].clone();
    assert_eq!(target["function"], "add");

    let template = server.request("wit/runTemplate", target.clone());
    assert_eq!(template["result"]["call"], "add(0, 0)", "{template}");
    assert_eq!(
        template["result"]["signature"],
        "func(a: s32, b: s32) -> s32"
    );

    let mut bad = target.clone();
    bad["call"] = json!("add(1, \"two\")");
    let validation = server.request("wit/validateCall", bad);
    let diagnostic = &validation["result"]["diagnostics"][0];
    assert_eq!(diagnostic["start"], 7, "{validation}");
    assert_eq!(diagnostic["end"], 12, "{validation}");

    let mut call = target.clone();
    call["call"] = json!("add(1, 2)");
    let run = server.request("wit/runExport", call);
    assert_eq!(run["result"]["result_wave"], "3", "{run}");
    assert_eq!(run["result"]["result_json"], 3);
    assert_eq!(run["result"]["trap"], Value::Null);

    // The generic command reuses the last call and shows the result.
    let command = server.request(
        "workspace/executeCommand",
        json!({ "command": "wit.runExport", "arguments": [target] }),
    );
    assert_eq!(command["result"]["result_wave"], "3", "{command}");
    server.settle(&uri, Duration::from_millis(200));
    let shown = server
        .other
        .iter()
        .find(|m| m["method"] == "window/showMessage")
        .cloned();
    assert!(
        shown
            .as_ref()
            .is_some_and(|m| m["params"]["message"].as_str().unwrap().contains("→ 3")),
        "{shown:?}"
    );
    server.shutdown();
}

#[test]
fn without_a_component_the_lens_says_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        &workspace_root().join("wit-samples/adder/wit"),
        &dir.path().join("wit"),
    );
    let wit = dir.path().join("wit/world.wit");
    let mut server = spawn();
    server.initialize(dir.path(), &["utf-16"]);
    let uri = server.open(&wit, 1);
    server.wait_for_diagnostics(&uri, |_| true);
    let lenses = server.request(
        "textDocument/codeLens",
        json!({ "textDocument": { "uri": uri } }),
    );
    let resolved = server.request("codeLens/resolve", lenses["result"][0].clone());
    let title = resolved["result"]["command"]["title"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(title.contains("wit-lsp.toml"), "{title}");
    let run = server.request(
        "wit/runExport",
        json!({ "uri": uri, "function": "add", "call": "add(1, 2)" }),
    );
    assert!(run["error"]["message"].is_string(), "{run}");
    assert!(server.is_alive());
    server.shutdown();
}

#[test]
fn runner_settings_from_the_client_set_the_deadline() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        &workspace_root().join("wit-samples/adder/wit"),
        &dir.path().join("wit"),
    );
    // A component whose `add` never returns.
    let spinning = ADDER.replace(
        "(canon lift (core func $i \"add\"))",
        "(canon lift (core func $i \"spin-add\"))",
    )
    .replace(
        "(func (export \"spin\") (loop $l (br $l))))",
        "(func (export \"spin\") (loop $l (br $l)))\n    (func (export \"spin-add\") (param i32 i32) (result i32) (loop $l (br $l)) (i32.const 0)))",
    );
    std::fs::write(
        dir.path().join("spin.wasm"),
        wat::parse_str(&spinning).unwrap(),
    )
    .unwrap();
    let wit = dir.path().join("wit/world.wit");
    let mut server = spawn();
    server.initialize(dir.path(), &["utf-16"]);
    server.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "wit-lsp": { "runner": { "timeoutMs": 300, "component": "spin.wasm" } } } }),
    );
    let uri = server.open(&wit, 1);
    server.wait_for_diagnostics(&uri, |_| true);
    let started = std::time::Instant::now();
    let run = server.request(
        "wit/runExport",
        json!({ "uri": uri, "function": "add", "call": "add(1, 2)" }),
    );
    assert_eq!(run["result"]["trap"]["kind"], "deadline", "{run}");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "took {:?}",
        started.elapsed()
    );
    assert!(server.is_alive());
    server.shutdown();
}

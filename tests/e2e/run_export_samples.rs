//! End-to-end: `wit/runExport` over stdio against the adder sample's real Rust guest, built
//! for `wasm32-wasip2`. Needs the `samples` feature and, after the build,
//! `WIT_LSP_SAMPLES_BUILT=1`; fails (rather than passing silently) when the component is not
//! there. The build output is read from `WIT_SAMPLES_TARGET_DIR` if set, else
//! `wit-samples/target`.

use std::path::Path;

use serde_json::json;
use wit_lsp_test_client::{Server, built_sample, copy_tree, workspace_root};

#[test]
fn run_export_calls_the_built_rust_adder() {
    let component = built_sample("adder");
    // The sample's WIT in a project whose `target/` holds the built guest, as cargo lays it
    // out, so the server finds it by discovery.
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        &workspace_root().join("wit-samples/adder/wit"),
        &dir.path().join("wit"),
    );
    let release = dir.path().join("target/wasm32-wasip2/release");
    std::fs::create_dir_all(&release).unwrap();
    std::fs::copy(&component, release.join("adder.wasm")).unwrap();
    let wit = dir.path().join("wit/world.wit");

    let mut server = Server::spawn(Path::new(env!("CARGO_BIN_EXE_wit-lsp")));
    server.initialize(dir.path(), &["utf-16"]);
    let uri = server.open(&wit, 1);
    server.wait_for_diagnostics(&uri, |_| true);

    let template = server.request(
        "wit/runTemplate",
        json!({ "uri": uri, "world": "docs:adder/adder@0.1.0", "function": "add" }),
    );
    assert_eq!(template["result"]["call"], "add(0, 0)", "{template}");
    let run = server.request(
        "wit/runExport",
        json!({ "uri": uri, "world": "docs:adder/adder@0.1.0", "function": "add", "call": "add(1, 2)" }),
    );
    assert_eq!(run["result"]["resultWave"], "3", "{run}");
    assert_eq!(run["result"]["resultJson"], 3, "{run}");
    assert_eq!(run["result"]["trap"], serde_json::Value::Null, "{run}");
    let wrapped = server.request(
        "wit/runExport",
        json!({ "uri": uri, "function": "add", "call": "add(2147483647, 1)" }),
    );
    assert_eq!(wrapped["result"]["resultWave"], "-2147483648", "{wrapped}");
    assert!(
        wrapped["result"]["component"]
            .as_str()
            .is_some_and(|path| path.ends_with("adder.wasm")),
        "{wrapped}"
    );
    server.shutdown();
}

//! `cargo xtask bench validate`: `wit/validateCall` while a call is typed into the editor's
//! input box, one request per keystroke, against the built kv-store sample found through its
//! project file (as the ▶ Run lens finds it). Target: p95 <= 1 ms over 200 keystrokes.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::json;
use wit_lsp_test_client::{Server, copy_tree};

use crate::bench_runner::built_sample;
use crate::scratch::Scratch;
use crate::stats::percentile;

const TARGET: Duration = Duration::from_millis(1);
const KEYSTROKES: usize = 200;
/// What the user types, character by character, again and again.
const CALL: &str = "replace-value(\"hello\", \"wörld\")";

/// The built kv-store guest (`cargo build --target wasm32-wasip2 --release` in wit-samples/).
fn built_kv_store(workspace_root: &Path) -> anyhow::Result<PathBuf> {
    built_sample(workspace_root, "kv_store.wasm").ok_or_else(|| {
        anyhow::anyhow!(
            "the kv-store sample is not built: run `cargo build --target wasm32-wasip2 \
             --release` in wit-samples/ (or set WIT_SAMPLES_TARGET_DIR)"
        )
    })
}

pub fn run(binary: &Path, workspace_root: &Path) -> anyhow::Result<()> {
    let built = built_kv_store(workspace_root)?;
    let scratch = Scratch::new("validate")?;
    let project = scratch.path().join("kv-store");
    copy_tree(
        &workspace_root.join("wit-samples/kv-store/wit"),
        &project.join("wit"),
    );
    std::fs::copy(&built, project.join("kv_store.wasm"))?;
    std::fs::write(
        project.join("wit-lsp.toml"),
        "[[component]]\nworld = \"sample:kv-store/kv-database\"\npath = \"kv_store.wasm\"\n",
    )?;
    let wit = project.join("wit/world.wit");

    let mut server = Server::spawn(binary);
    server.initialize(&project, &["utf-16"]);
    let uri = server.open(&wit, 1);
    server.wait_for_diagnostics(&uri, |_| true);
    let validate = |server: &mut Server, call: &str| {
        server.request(
            "wit/validateCall",
            json!({ "uri": uri, "function": "replace-value",
                    "world": "sample:kv-store/kv-database", "call": call }),
        )
    };
    // The first request loads the component; the keystrokes after it are what is measured.
    let first = validate(&mut server, "");
    anyhow::ensure!(
        first.get("result").is_some(),
        "wit/validateCall failed: {first}"
    );
    let whole = validate(&mut server, CALL);
    anyhow::ensure!(
        whole["result"]["diagnostics"] == json!([]),
        "the whole call should be valid: {whole}"
    );
    let characters: Vec<(usize, char)> = CALL.char_indices().collect();
    let mut samples = Vec::with_capacity(KEYSTROKES);
    for keystroke in 0..KEYSTROKES {
        let (index, character) = characters[keystroke % characters.len()];
        let typed = &CALL[..index + character.len_utf8()];
        let started = Instant::now();
        let answer = validate(&mut server, typed);
        samples.push(started.elapsed());
        anyhow::ensure!(answer.get("result").is_some(), "{answer}");
    }
    server.shutdown();
    samples.sort();
    let (p50, p95) = (percentile(&samples, 50.0), percentile(&samples, 95.0));
    println!(
        "{:<44} p50 {:>10}  p95 {:>10}  (n={KEYSTROKES}, kv-store {} bytes)",
        "wit/validateCall per keystroke (kv-store)",
        format!("{:.3} ms", p50.as_secs_f64() * 1000.0),
        format!("{:.3} ms", p95.as_secs_f64() * 1000.0),
        std::fs::metadata(&built)?.len()
    );
    println!(
        "  target p95 <= {} ms: {}",
        TARGET.as_millis(),
        if p95 <= TARGET { "met" } else { "MISSED" }
    );
    Ok(())
}

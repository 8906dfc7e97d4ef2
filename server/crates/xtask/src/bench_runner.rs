//! The runner's part of the benchmark: `wit-lsp run` on a sample component from a cold
//! compile cache (compile + instantiate + call) and a warm one (a new process loading the
//! cached artifact), a call in a live session (in process and over LSP), and the same call
//! through `wasmtime run --invoke` when the wasmtime CLI is installed. Where a warm run's
//! time goes is printed step by step. Numbers, not assertions: the targets are printed
//! next to them (warm CLI run at most 10 ms, in-session call p95 at most 1 ms).

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;
use wit_lsp_test_client::{Server, copy_tree};

use crate::scratch::Scratch;
use crate::stats::percentile;
use wit_runner::{CallResult, RunOptions, Runner, RunnerConfig};

/// The call every measurement makes, and what it must return.
const CALL: &str = "add(1, 2)";
const EXPECTED: &str = "3";

/// The adder world (`add: func(a: s32, b: s32) -> s32`) in component-model text, used when
/// no built Rust sample is available.
const ADDER_WAT: &str = r#"(component
  (core module $m
    (func (export "add") (param i32 i32) (result i32)
      (i32.add (local.get 0) (local.get 1))))
  (core instance $i (instantiate $m))
  (func (export "add") (param "a" s32) (param "b" s32) (result s32)
    (canon lift (core func $i "add")))
)"#;

const WARM_TARGET: Duration = Duration::from_millis(10);
const SESSION_TARGET: Duration = Duration::from_millis(1);

fn ms(duration: Duration) -> String {
    format!("{:.2} ms", duration.as_secs_f64() * 1000.0)
}

/// Prints one line in the benchmark's format; returns (p50, p95).
fn report(name: &str, mut samples: Vec<Duration>) -> (Duration, Duration) {
    samples.sort();
    let (p50, p95) = (percentile(&samples, 50.0), percentile(&samples, 95.0));
    println!(
        "{name:<44} p50 {:>10}  p95 {:>10}  p99 {:>10}  (n={})",
        ms(p50),
        ms(p95),
        ms(percentile(&samples, 99.0)),
        samples.len()
    );
    (p50, p95)
}

fn verdict(name: &str, measured: Duration, target: Duration) {
    let met = if measured <= target { "met" } else { "MISSED" };
    println!(
        "  target: {name} at most {} -> {} ({met})",
        ms(target),
        ms(measured)
    );
}

/// The built Rust adder sample if there is one, else the adder world written from WAT
/// into `scratch`. Returns the component and what it is.
/// A built Rust sample component (`file`, e.g. `adder.wasm`), from
/// `$WIT_SAMPLES_TARGET_DIR`, the CI cache or `wit-samples/target`.
pub(crate) fn built_sample(workspace_root: &Path, file: &str) -> Option<PathBuf> {
    let mut target_dirs = Vec::new();
    if let Some(dir) = std::env::var_os("WIT_SAMPLES_TARGET_DIR") {
        target_dirs.push(PathBuf::from(dir));
    }
    if let Some(home) = std::env::var_os("HOME") {
        target_dirs.push(PathBuf::from(home).join(".cache/wit-samples-target"));
    }
    target_dirs.push(workspace_root.join("wit-samples/target"));
    target_dirs
        .into_iter()
        .map(|dir| dir.join("wasm32-wasip2/release").join(file))
        .find(|built| built.is_file())
}

fn sample_component(workspace_root: &Path, scratch: &Path) -> anyhow::Result<(PathBuf, String)> {
    if let Some(built) = built_sample(workspace_root, "adder.wasm") {
        let copy = scratch.join("adder.wasm");
        std::fs::copy(&built, &copy)?;
        let size = std::fs::metadata(&copy)?.len();
        return Ok((
            copy,
            format!("the Rust adder sample ({}, {size} bytes)", built.display()),
        ));
    }
    let path = scratch.join("adder.wasm");
    std::fs::write(&path, wat::parse_str(ADDER_WAT)?)?;
    Ok((
        path,
        "the adder world from WAT (no built Rust sample found)".to_string(),
    ))
}

/// Runs `wit-lsp run COMPONENT CALL` with its compile cache under `cache_home`; checks the
/// result and returns the wall time of the whole process.
fn cli_run(binary: &Path, component: &Path, cache_home: &Path) -> anyhow::Result<Duration> {
    let started = Instant::now();
    let output = Command::new(binary)
        .arg("run")
        .arg(component)
        .arg(CALL)
        .env("XDG_CACHE_HOME", cache_home)
        .stdin(Stdio::null())
        .output()?;
    let elapsed = started.elapsed();
    check_output(
        "wit-lsp run",
        &output,
        &format!("--- result ---\n{EXPECTED}\n"),
    )?;
    Ok(elapsed)
}

fn check_output(what: &str, output: &Output, expected_stdout: &str) -> anyhow::Result<()> {
    let stdout = String::from_utf8_lossy(&output.stdout);
    anyhow::ensure!(
        output.status.success() && stdout == expected_stdout,
        "{what} did not print {expected_stdout:?}: status {}, stdout {stdout:?}, stderr {:?}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    Ok(())
}

pub fn run(binary: &Path, workspace_root: &Path) -> anyhow::Result<()> {
    let scratch = Scratch::new("runner")?;
    let (component, origin) = sample_component(workspace_root, scratch.path())?;
    println!("runner: `{CALL}` on {origin}");

    // Cold: a fresh, empty compile cache for every run.
    let mut cold = Vec::new();
    for round in 0..8 {
        let cache_home = scratch.path().join(format!("cold-{round}"));
        cold.push(cli_run(binary, &component, &cache_home)?);
    }
    report("wit-lsp run, cold (compile + run)", cold);

    // Warm: one cache, primed by a first run; each run is a new process.
    let warm_home = scratch.path().join("warm");
    cli_run(binary, &component, &warm_home)?;
    let mut warm = Vec::new();
    for _ in 0..40 {
        warm.push(cli_run(binary, &component, &warm_home)?);
    }
    let (warm_p50, warm_p95) = report("wit-lsp run, warm (cached artifact)", warm);
    verdict("warm CLI run p95", warm_p95, WARM_TARGET);

    warm_run_breakdown(binary, &component, &warm_home)?;
    bench_session_in_process(&component)?;
    bench_session_over_lsp(binary, workspace_root, &component, scratch.path())?;
    bench_wasmtime(&component, warm_p50)?;
    Ok(())
}

/// Where a warm CLI run's time goes: process start and exit, then (in this process, with
/// the same warm cache) starting the runner, loading the cached artifact (read, hash,
/// verify, deserialize) and the first call (WASI linker, instantiate, call).
fn warm_run_breakdown(binary: &Path, component: &Path, warm_home: &Path) -> anyhow::Result<()> {
    let mut process = Vec::new();
    for _ in 0..20 {
        let started = Instant::now();
        let output = Command::new(binary)
            .arg("--version")
            .stdin(Stdio::null())
            .output()?;
        process.push(started.elapsed());
        anyhow::ensure!(output.status.success(), "wit-lsp --version failed");
    }
    report("  of which: process start + exit", process);

    let cache_dir = warm_home.join("wit-lsp/components");
    let (mut start, mut load, mut first_call) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..20 {
        let started = Instant::now();
        let runner = Runner::new(RunnerConfig {
            cache_dir: Some(cache_dir.clone()),
            ..RunnerConfig::default()
        })?;
        start.push(started.elapsed());
        let started = Instant::now();
        let loaded = runner.load_file(component)?;
        load.push(started.elapsed());
        anyhow::ensure!(loaded.from_cache, "the warm cache was not used");
        let started = Instant::now();
        let outcome = runner.run(&loaded, CALL, &RunOptions::default())?;
        first_call.push(started.elapsed());
        expect_three(&outcome.result)?;
    }
    report("  of which: start the runner (engine)", start);
    report("  of which: load the cached artifact", load);
    report("  of which: link WASI + instantiate + call", first_call);
    Ok(())
}

fn expect_three(result: &CallResult) -> anyhow::Result<()> {
    match result {
        CallResult::Returned { wave, .. } if wave.as_deref() == Some(EXPECTED) => Ok(()),
        other => anyhow::bail!("`{CALL}` gave {other:?}"),
    }
}

/// A call in a live session (one instance kept alive), in this process; and a fresh
/// sandbox per call (new store, instantiate, call) for comparison.
fn bench_session_in_process(component: &Path) -> anyhow::Result<()> {
    let runner = Runner::new(RunnerConfig {
        cache_dir: None,
        ..RunnerConfig::default()
    })?;
    let loaded = runner.load_file(component)?;
    let session = runner.open_session(&loaded, &RunOptions::default())?;
    for _ in 0..50 {
        expect_three(&runner.call_in_session(session, CALL)?.result)?;
    }
    let mut calls = Vec::new();
    for _ in 0..2000 {
        let started = Instant::now();
        let outcome = runner.call_in_session(session, CALL)?;
        calls.push(started.elapsed());
        expect_three(&outcome.result)?;
    }
    let (_, p95) = report("in-session call (runner, in process)", calls);
    verdict("in-session call p95", p95, SESSION_TARGET);
    runner.end_session(session);

    let loaded: Arc<_> = loaded;
    let mut fresh = Vec::new();
    for _ in 0..300 {
        let started = Instant::now();
        let outcome = runner.run(&loaded, CALL, &RunOptions::default())?;
        fresh.push(started.elapsed());
        expect_three(&outcome.result)?;
    }
    report("fresh sandbox per call (runner, in process)", fresh);
    Ok(())
}

/// `wit/runExport` in a session over stdio: the editor's round trip.
fn bench_session_over_lsp(
    binary: &Path,
    workspace_root: &Path,
    component: &Path,
    scratch: &Path,
) -> anyhow::Result<()> {
    let project = scratch.join("project");
    copy_tree(
        &workspace_root.join("wit-samples/adder/wit"),
        &project.join("wit"),
    );
    let release = project.join("target/wasm32-wasip2/release");
    std::fs::create_dir_all(&release)?;
    std::fs::copy(component, release.join("adder.wasm"))?;
    let wit = project.join("wit/world.wit");

    let mut server = Server::spawn(binary);
    server.initialize(&project, &["utf-16"]);
    let uri = server.open(&wit, 1);
    server.wait_for_diagnostics(&uri, |_| true);
    let first = server.request(
        "wit/runExport",
        json!({ "uri": uri, "function": "add", "call": CALL, "keepSession": true }),
    );
    let session = first["result"]["session"].clone();
    anyhow::ensure!(
        first["result"]["resultWave"] == EXPECTED && session.is_u64(),
        "wit/runExport with a session failed: {first}"
    );
    let mut calls = Vec::new();
    for _ in 0..300 {
        let started = Instant::now();
        let run = server.request(
            "wit/runExport",
            json!({ "uri": uri, "function": "add", "call": CALL, "session": session }),
        );
        calls.push(started.elapsed());
        anyhow::ensure!(run["result"]["resultWave"] == EXPECTED, "{run}");
    }
    report("in-session wit/runExport over stdio", calls);
    server.shutdown();
    Ok(())
}

/// `wasmtime run --invoke` on the same component, when the wasmtime CLI is installed.
fn bench_wasmtime(component: &Path, warm_p50: Duration) -> anyhow::Result<()> {
    let installed = Command::new("wasmtime")
        .arg("--version")
        .stdin(Stdio::null())
        .output();
    let version = match installed {
        Ok(output) if output.status.success() => {
            String::from_utf8_lossy(&output.stdout).trim().to_string()
        }
        _ => {
            println!("wasmtime run --invoke: not measured (the wasmtime CLI is not installed)");
            return Ok(());
        }
    };
    let mut runs = Vec::new();
    for _ in 0..20 {
        let started = Instant::now();
        let output = Command::new("wasmtime")
            .arg("run")
            .arg("--invoke")
            .arg(CALL)
            .arg(component)
            .stdin(Stdio::null())
            .output()?;
        runs.push(started.elapsed());
        let stdout = String::from_utf8_lossy(&output.stdout);
        anyhow::ensure!(
            output.status.success() && stdout.trim() == EXPECTED,
            "wasmtime run --invoke did not print {EXPECTED}: status {}, stdout {stdout:?}, \
             stderr {:?}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let (p50, _) = report(&format!("wasmtime run --invoke ({version})"), runs);
    println!(
        "  ratio: warm wit-lsp run p50 / wasmtime run p50 = {:.2}",
        warm_p50.as_secs_f64() / p50.as_secs_f64().max(f64::EPSILON)
    );
    Ok(())
}
